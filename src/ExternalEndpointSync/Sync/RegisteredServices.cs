using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations;

namespace ExternalEndpointSync.Sync;

/// <summary>
/// The registrations the loop works on, in registration order, kept up to date from the
/// <see cref="IRegistrationSource"/>. One Service may be registered more than once; which
/// registration of it counts is <see cref="DuplicateRegistrations.WinnerOf"/>'s to say. The
/// registrations are indexed by Service too, so that what the loop asks per re-planned Service
/// costs the same at 10,000 registrations as at ten.
/// </summary>
public sealed class RegisteredServices
{
    /// <summary>What stands in for the shortest resync interval while nothing is registered.</summary>
    public static readonly TimeSpan DefaultResyncInterval = TimeSpan.FromSeconds(30);

    private readonly List<ExternalServiceSpec> _all = [];
    private readonly Dictionary<ServiceKey, List<ExternalServiceSpec>> _byKey = [];

    public RegisteredServices(IEnumerable<ExternalServiceSpec> initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        foreach (var registration in initial)
        {
            _all.Add(registration);
            Index(registration);
        }
    }

    public IReadOnlyList<ExternalServiceSpec> All => _all;

    public IEnumerable<ServiceKey> Keys => _byKey.Keys;

    /// <summary>The shortest resync interval of the registrations, <see cref="DefaultResyncInterval"/> without any.</summary>
    public TimeSpan ShortestResyncInterval => _all.Count == 0 ? DefaultResyncInterval : _all.Min(static s => s.ResyncInterval);

    /// <summary>The registration that counts for <paramref name="service"/>; null when it is not registered.</summary>
    public ExternalServiceSpec? Winner(ServiceKey service) => _byKey.TryGetValue(service, out var registrations) ? DuplicateRegistrations.WinnerOf(registrations) : null;

    /// <summary>Every registration of the given Services, each Service's in registration order.</summary>
    public IReadOnlyList<ExternalServiceSpec> Of(IEnumerable<ServiceKey> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return [.. services.SelectMany(key => _byKey.TryGetValue(key, out var registrations) ? registrations : [])];
    }

    /// <summary>Applies a change; returns the Service it concerns.</summary>
    public ServiceKey Apply(RegistrationChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var identity = RegistrationSet.Identity(change.Registration);
        var index = _all.FindIndex(s => RegistrationSet.Identity(s) == identity);
        switch (change.Kind)
        {
            case RegistrationChangeKind.Removed when index >= 0:
                Unindex(_all[index]);
                _all.RemoveAt(index);
                break;
            case RegistrationChangeKind.Added or RegistrationChangeKind.Changed when index >= 0:
                Replace(_all[index], change.Registration);
                _all[index] = change.Registration;
                break;
            case RegistrationChangeKind.Added or RegistrationChangeKind.Changed:
                _all.Add(change.Registration);
                Index(change.Registration);
                break;
        }

        return change.Registration.Key;
    }

    private void Index(ExternalServiceSpec registration)
    {
        if (!_byKey.TryGetValue(registration.Key, out var registrations))
        {
            _byKey[registration.Key] = registrations = [];
        }

        registrations.Add(registration);
    }

    private void Unindex(ExternalServiceSpec registration)
    {
        var registrations = _byKey[registration.Key];
        registrations.RemoveAt(registrations.FindIndex(r => ReferenceEquals(r, registration)));
        if (registrations.Count == 0)
        {
            _byKey.Remove(registration.Key);
        }
    }

    /// <summary>Keeps the new registration where the old one stood among its Service's, so that registration order still decides.</summary>
    private void Replace(ExternalServiceSpec old, ExternalServiceSpec registration)
    {
        if (old.Key == registration.Key)
        {
            var registrations = _byKey[old.Key];
            registrations[registrations.FindIndex(r => ReferenceEquals(r, old))] = registration;
            return;
        }

        Unindex(old);
        Index(registration);
    }
}
