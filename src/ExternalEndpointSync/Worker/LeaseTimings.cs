using ExternalEndpointSync.Registrations;

namespace ExternalEndpointSync.Worker;

/// <summary>
/// How long a lease lasts, how long the leader keeps trying to renew it, and how often anyone
/// tries: 15 s / 10 s / 2 s like kube-controller-manager and controller-runtime.
/// </summary>
public sealed record LeaseTimings
{
    /// <summary>client-go's jitter factor: the retry period stretched by it must still fit in the renew deadline.</summary>
    public const double JitterFactor = 1.2;

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// client-go refuses these timings; KubernetesClient accepts them and then elects two leaders
    /// (a renew deadline past the lease) or loses the lease between two tries.
    /// </summary>
    public string? Problem()
    {
        if (RetryPeriod <= TimeSpan.Zero)
        {
            return $"--retry-period must be greater than 0 (got {DurationParser.Format(RetryPeriod)})";
        }

        // The Lease stores whole seconds (leaseDurationSeconds); anything else would be cut short there.
        if (LeaseDuration < TimeSpan.FromSeconds(1) || LeaseDuration.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            return $"--lease-duration must be a whole number of seconds, at least 1s (got {DurationParser.Format(LeaseDuration)})";
        }

        if (LeaseDuration <= RenewDeadline)
        {
            return $"--lease-duration ({DurationParser.Format(LeaseDuration)}) must be greater than --renew-deadline ({DurationParser.Format(RenewDeadline)})";
        }

        if (RenewDeadline <= RetryPeriod * JitterFactor)
        {
            return $"--renew-deadline ({DurationParser.Format(RenewDeadline)}) must be greater than {JitterFactor} × --retry-period ({DurationParser.Format(RetryPeriod)})";
        }

        return null;
    }
}
