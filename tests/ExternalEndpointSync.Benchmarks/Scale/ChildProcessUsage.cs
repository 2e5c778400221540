using System.Globalization;

namespace ExternalEndpointSync.Benchmarks.Scale;

/// <summary>
/// What one finished child process cost, as the kernel accounted it (wait4's rusage, read by GNU
/// time): CPU user and system time and peak resident set. Unlike wall time these do not grow when
/// other work shares the machine's cores.
/// </summary>
public sealed record ChildProcessUsage(TimeSpan User, TimeSpan System, long PeakRssBytes, TimeSpan Wall)
{
    /// <summary>The format string given to <c>/usr/bin/time -f</c>, parsed by <see cref="Parse"/>.</summary>
    public const string TimeFormat = "usage %U %S %M";

    public TimeSpan Cpu => User + System;

    public double PeakRssMiB => PeakRssBytes / (1024.0 * 1024.0);

    /// <summary>Reads the line <see cref="TimeFormat"/> wrote (seconds, seconds, KiB).</summary>
    public static ChildProcessUsage Parse(string line, TimeSpan wall)
    {
        ArgumentNullException.ThrowIfNull(line);
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not ["usage", var user, var system, var rss])
        {
            throw new FormatException($"not a usage line from /usr/bin/time: '{line}'");
        }

        return new ChildProcessUsage(
            TimeSpan.FromSeconds(double.Parse(user, CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(double.Parse(system, CultureInfo.InvariantCulture)),
            long.Parse(rss, CultureInfo.InvariantCulture) * 1024,
            wall);
    }
}
