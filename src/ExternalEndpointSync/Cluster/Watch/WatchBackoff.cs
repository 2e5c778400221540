namespace ExternalEndpointSync.Cluster.Watch;

/// <summary>
/// How long an informer waits after a failed list or watch: the base delay doubled per failure in
/// a row up to the cap, with "full jitter" (a random point up to it), so that many watchers cut off
/// together do not come back in step. A watch that delivered something resets it.
/// </summary>
public sealed class WatchBackoff(TimeSpan baseDelay, TimeSpan maxDelay, Func<double> random)
{
    private int failures;

    public TimeSpan Next()
    {
        failures++;
        var doubled = baseDelay * Math.Pow(2, Math.Min(failures - 1, 30));
        var capped = doubled < maxDelay ? doubled : maxDelay;
        return capped * (0.5 + (0.5 * Math.Clamp(random(), 0, 1)));
    }

    public void Reset() => failures = 0;
}
