using ExternalEndpointSync.TestSupport.Time;

namespace ExternalEndpointSync.Tests.Worker;

/// <summary>Waits for a condition of a system that runs on real time (the leader elector, a process), polling, with a generous limit.</summary>
public static class Eventually
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static async Task<TimeSpan> WaitAsync(Func<bool> condition, string what, Func<string>? context = null) =>
        await WaitAsync(() => Task.FromResult(condition()), what, context);

    public static async Task<TimeSpan> WaitAsync(Func<Task<bool>> condition, string what, Func<string>? context = null)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        if (!await Poll.UntilAsync(condition, Limit))
        {
            throw new TimeoutException($"not within {Limit.TotalSeconds} s: {what}{(context is null ? "" : "\n" + context())}");
        }

        return started.Elapsed;
    }
}
