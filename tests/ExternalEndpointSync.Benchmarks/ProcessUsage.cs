using System.Diagnostics;

namespace ExternalEndpointSync.Benchmarks;

/// <summary>CPU time used by this process since <see cref="Start"/>, and its peak working set.</summary>
public sealed class ProcessUsage
{
    private readonly TimeSpan cpuAtStart;
    private readonly Stopwatch wall;

    private ProcessUsage(TimeSpan cpuAtStart)
    {
        this.cpuAtStart = cpuAtStart;
        wall = Stopwatch.StartNew();
    }

    public TimeSpan Elapsed => wall.Elapsed;

    public static ProcessUsage Start()
    {
        using var process = Process.GetCurrentProcess();
        return new ProcessUsage(process.TotalProcessorTime);
    }

    public TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime - cpuAtStart;
    }

    public static long PeakWorkingSetBytes()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64;
    }
}
