using System.Globalization;

namespace ExternalEndpointSync.Benchmarks.Scale;

/// <summary>Prints one measured figure beside its target and the baseline it is compared with.</summary>
public static class Figure
{
    public static Task WriteAsync(TextWriter output, string name, string value, string target, string? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        var line = baseline is null ? $"  {name,-44} {value,-22} target {target}" : $"  {name,-44} {value,-22} target {target}; baseline {baseline}";
        return output.WriteLineAsync(line);
    }

    public static string Seconds(TimeSpan time) => Invariant($"{time.TotalSeconds:F2} s");

    public static string Millis(TimeSpan time) => Invariant($"{time.TotalMilliseconds:F1} ms");

    public static string MiB(double value) => Invariant($"{value:F0} MiB");

    public static string Invariant(FormattableString text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.ToString(CultureInfo.InvariantCulture);
    }
}
