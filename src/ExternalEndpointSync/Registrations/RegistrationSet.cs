using System.Threading.Channels;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations;

/// <summary>
/// A registration source whose whole content is replaced at once (a file read again, a list of
/// custom resources): <see cref="Replace"/> publishes the difference as changes.
/// </summary>
public sealed class RegistrationSet : IRegistrationSource
{
    private readonly Channel<RegistrationChange> _changes = Channel.CreateUnbounded<RegistrationChange>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private IReadOnlyList<ExternalServiceSpec> _current;

    public RegistrationSet(IReadOnlyList<ExternalServiceSpec> initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = initial;
    }

    public IReadOnlyList<ExternalServiceSpec> Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public ChannelReader<RegistrationChange> Changes => _changes.Reader;

    /// <summary>Makes <paramref name="next"/> the content and announces what was added, changed and removed.</summary>
    public void Replace(IReadOnlyList<ExternalServiceSpec> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        lock (_gate)
        {
            var before = _current.ToDictionary(Identity);
            var after = next.ToDictionary(Identity);
            foreach (var previous in _current.Where(s => !after.ContainsKey(Identity(s))))
            {
                _changes.Writer.TryWrite(new RegistrationChange(RegistrationChangeKind.Removed, previous));
            }

            foreach (var spec in next)
            {
                if (!before.TryGetValue(Identity(spec), out var previous))
                {
                    _changes.Writer.TryWrite(new RegistrationChange(RegistrationChangeKind.Added, spec));
                }
                else if (previous != spec)
                {
                    _changes.Writer.TryWrite(new RegistrationChange(RegistrationChangeKind.Changed, spec));
                }
            }

            _current = next;
        }
    }

    /// <summary>What tells two registrations apart: the Service and who declares it.</summary>
    public static (ServiceKey Key, string Declarer) Identity(ExternalServiceSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return (spec.Key, spec.Origin.Declarer);
    }
}
