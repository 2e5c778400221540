namespace ExternalEndpointSync.Worker;

/// <summary>
/// How long to wait after the elector failed outright (API server unreachable, 403): the retry
/// period doubled per failure up to the lease duration, plus up to half of it at random so that
/// replicas cut off together do not come back in step.
/// </summary>
public static class ElectionBackoff
{
    public static TimeSpan Delay(LeaseTimings timings, int failures, double random)
    {
        ArgumentNullException.ThrowIfNull(timings);
        var doubled = timings.RetryPeriod * Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        var capped = doubled < timings.LeaseDuration ? doubled : timings.LeaseDuration;
        return capped + (capped * (0.5 * Math.Clamp(random, 0, 1)));
    }
}
