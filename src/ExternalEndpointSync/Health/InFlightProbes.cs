using System.Collections.Concurrent;

namespace ExternalEndpointSync.Health;

/// <summary>The scheduled probes still running, so that disposing the stage can wait for them to end.</summary>
internal sealed class InFlightProbes
{
    private readonly ConcurrentDictionary<Task, byte> running = new();

    public void Track(Task scheduled)
    {
        running.TryAdd(scheduled, 0);
        scheduled.ContinueWith(static (done, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(done, out _), running, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public Task WhenAllEndedAsync() => Task.WhenAll(running.Keys);
}
