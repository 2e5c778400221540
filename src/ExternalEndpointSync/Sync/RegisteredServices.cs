using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations;

namespace ExternalEndpointSync.Sync;

/// <summary>
/// The registrations the loop works on, in registration order, kept up to date from the
/// <see cref="IRegistrationSource"/>. One Service may be registered more than once; which
/// registration of it counts is <see cref="DuplicateRegistrations.WinnerOf"/>'s to say.
/// </summary>
public sealed class RegisteredServices
{
    /// <summary>What stands in for the shortest resync interval while nothing is registered.</summary>
    public static readonly TimeSpan DefaultResyncInterval = TimeSpan.FromSeconds(30);

    private readonly List<ExternalServiceSpec> _all = [];

    public RegisteredServices(IEnumerable<ExternalServiceSpec> initial) => _all.AddRange(initial);

    public IReadOnlyList<ExternalServiceSpec> All => _all;

    public IEnumerable<ServiceKey> Keys => _all.Select(static s => s.Key).Distinct();

    /// <summary>The shortest resync interval of the registrations, <see cref="DefaultResyncInterval"/> without any.</summary>
    public TimeSpan ShortestResyncInterval => _all.Count == 0 ? DefaultResyncInterval : _all.Min(static s => s.ResyncInterval);

    /// <summary>The registration that counts for <paramref name="service"/>; null when it is not registered.</summary>
    public ExternalServiceSpec? Winner(ServiceKey service) => DuplicateRegistrations.WinnerOf(_all.Where(s => s.Key == service));

    /// <summary>Applies a change; returns the Service it concerns.</summary>
    public ServiceKey Apply(RegistrationChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var identity = RegistrationSet.Identity(change.Registration);
        var index = _all.FindIndex(s => RegistrationSet.Identity(s) == identity);
        switch (change.Kind)
        {
            case RegistrationChangeKind.Removed when index >= 0:
                _all.RemoveAt(index);
                break;
            case RegistrationChangeKind.Added or RegistrationChangeKind.Changed when index >= 0:
                _all[index] = change.Registration;
                break;
            case RegistrationChangeKind.Added or RegistrationChangeKind.Changed:
                _all.Add(change.Registration);
                break;
        }

        return change.Registration.Key;
    }
}
