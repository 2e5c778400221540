using System.Globalization;

namespace ExternalEndpointSync.Health.Probes;

/// <summary>Matches an HTTP status against the expected ranges of an <c>http</c> check (<c>200-399</c>, <c>204</c>).</summary>
public static class StatusRanges
{
    public static bool Matches(IReadOnlyList<string> expected, int status)
    {
        ArgumentNullException.ThrowIfNull(expected);
        foreach (var entry in expected)
        {
            var (low, high) = Parse(entry);
            if (status >= low && status <= high)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses one entry; a malformed entry fails the probe with a message naming it.</summary>
    public static (int Low, int High) Parse(string entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var parts = entry.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length is 1 or 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var low)
            && int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var high)
            && low is >= 100 and <= 599 && high >= low && high <= 599)
        {
            return (low, high);
        }

        throw new ProbeFailedException($"invalid expected status '{entry}' (use a code such as 204 or a range such as 200-399)");
    }
}
