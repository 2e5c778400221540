
namespace ExternalEndpointSync.Benchmarks.Scale;

/// <summary>
/// Times stages of one process: wall time, this process's CPU and managed allocations per stage,
/// and the managed heap still reachable after it (the fake API server's store included).
/// The profile the scale figures are explained with (no sampling profiler is installed here).
/// </summary>
public sealed class StageTimer(TextWriter output)
{
    public async Task<T> TimeAsync<T>(string stage, Func<Task<T>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var allocated = GC.GetTotalAllocatedBytes(precise: false);
        var usage = ProcessUsage.Start();
        var result = await run();
        var cpu = usage.CpuTime();
        var wall = usage.Elapsed;
        var bytes = GC.GetTotalAllocatedBytes(precise: false) - allocated;
        // After the CPU window: what is still reachable once the stage is done, for where peak RSS goes.
        var live = GC.GetTotalMemory(forceFullCollection: true);
        await output.WriteLineAsync(Figure.Invariant($"  {stage,-52} CPU {cpu.TotalMilliseconds,7:F0} ms, wall {wall.TotalMilliseconds,7:F0} ms (noisy), allocated {bytes / (1024.0 * 1024.0),7:F1} MiB, live heap after {live / (1024.0 * 1024.0),6:F1} MiB"));
        return result;
    }

    public async Task TimeAsync(string stage, Func<Task> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        await TimeAsync(stage, async () =>
        {
            await run();
            return true;
        });
    }
}
