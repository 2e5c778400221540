namespace ExternalEndpointSync.Worker;

/// <summary>
/// Liveness: a beat every second on the worker's own timer. A process whose thread pool or
/// timers are stuck stops beating, whatever the leadership or the API server are doing.
/// </summary>
public sealed class Heartbeat(TimeProvider timeProvider)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Beats this old mean the process is wedged (the kubelet then restarts it).</summary>
    public static readonly TimeSpan Stale = TimeSpan.FromSeconds(30);

    private long lastBeatTicks = timeProvider.GetUtcNow().UtcTicks;

    public bool IsAlive => timeProvider.GetUtcNow().UtcTicks - Interlocked.Read(ref lastBeatTicks) < Stale.Ticks;

    public async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                Interlocked.Exchange(ref lastBeatTicks, timeProvider.GetUtcNow().UtcTicks);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
