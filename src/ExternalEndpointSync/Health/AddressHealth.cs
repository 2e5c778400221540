using ExternalEndpointSync.Health.Probes;

namespace ExternalEndpointSync.Health;

/// <summary>
/// The rise/fall state machine of one address: Unknown, then Healthy after
/// <c>healthyThreshold</c> consecutive successes or Unhealthy after <c>unhealthyThreshold</c>
/// consecutive failures, and between the two the same way. A streak shorter than its threshold
/// never changes the state, so a flapping target keeps the state it had. Not thread-safe: the
/// owner serialises calls.
/// </summary>
public sealed class AddressHealth
{
    public HealthState State { get; private set; }

    public int ConsecutiveSuccesses { get; private set; }

    public int ConsecutiveFailures { get; private set; }

    /// <summary>The reason of the most recent failure; kept after recovery for reports.</summary>
    public string? LastFailure { get; private set; }

    /// <summary>The warning of the most recent probe, if it was up with one.</summary>
    public string? Warning { get; private set; }

    /// <summary>Records one probe result; true when the state changed.</summary>
    public bool Record(ProbeResult result, int healthyThreshold, int unhealthyThreshold)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Succeeded)
        {
            ConsecutiveSuccesses = Increment(ConsecutiveSuccesses);
            ConsecutiveFailures = 0;
            Warning = result.Warning;
            return MoveTo(HealthState.Healthy, ConsecutiveSuccesses >= Math.Max(1, healthyThreshold));
        }

        ConsecutiveFailures = Increment(ConsecutiveFailures);
        ConsecutiveSuccesses = 0;
        LastFailure = result.Failure ?? "probe failed";
        Warning = null;
        return MoveTo(HealthState.Unhealthy, ConsecutiveFailures >= Math.Max(1, unhealthyThreshold));
    }

    private bool MoveTo(HealthState state, bool thresholdReached)
    {
        if (!thresholdReached || State == state)
        {
            return false;
        }

        State = state;
        return true;
    }

    private static int Increment(int count) => count == int.MaxValue ? count : count + 1;
}
