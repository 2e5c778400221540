using System.Globalization;

namespace ExternalEndpointSync.Tests.Worker;

/// <summary>Reads series back from a Prometheus text exposition, as a query would sum them.</summary>
public static class MetricsExposition
{
    /// <summary>
    /// The sum of <paramref name="metric"/> over every series carrying all of <paramref name="labels"/>
    /// (<c>name="value"</c> pairs); 0 when none does, as a counter never added to is not exported.
    /// </summary>
    public static double Sum(string exposition, string metric, params (string Name, string Value)[] labels)
    {
        ArgumentNullException.ThrowIfNull(exposition);
        return exposition.Split('\n')
            .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) && labels.All(l => line.Contains($"{l.Name}=\"{l.Value}\"", StringComparison.Ordinal)))
            .Select(static line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture))
            .Sum();
    }
}
