using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sync;

/// <summary>
/// When each registration whose last sync failed is tried again: exponential backoff per
/// registration (<see cref="BaseDelay"/>, doubling, capped), with jitter so that services which
/// failed together do not retry in lockstep. A success forgets the registration.
/// </summary>
public sealed class SyncRetrySchedule(TimeProvider timeProvider, TimeSpan maxDelay, Func<double>? random = null)
{
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(1);

    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;
    private readonly Dictionary<ServiceKey, int> _attempts = [];

    /// <summary>How many registrations wait for a retry.</summary>
    public int Count => _attempts.Count;

    /// <summary>The delay before attempt <paramref name="attempts"/> + 1: between half and all of the capped exponential.</summary>
    public TimeSpan DelayAfter(int attempts)
    {
        var exponential = BaseDelay * Math.Pow(2, Math.Min(attempts - 1, 30));
        var capped = exponential < maxDelay ? exponential : maxDelay;
        // Whole milliseconds: timers have no finer resolution, and a retry must not wake early.
        return TimeSpan.FromMilliseconds(Math.Ceiling(capped.TotalMilliseconds * (0.5 + (_random() / 2))));
    }

    /// <returns>When to try <paramref name="service"/> again.</returns>
    public DateTimeOffset Failed(ServiceKey service)
    {
        var attempts = _attempts.GetValueOrDefault(service) + 1;
        _attempts[service] = attempts;
        return timeProvider.GetUtcNow() + DelayAfter(attempts);
    }

    public void Succeeded(ServiceKey service) => _attempts.Remove(service);
}
