namespace ExternalEndpointSync.Registrations;

/// <summary>Finds the known key an unknown one was probably meant to be ("did you mean …?").</summary>
public static class KeySuggestion
{
    /// <summary>The single closest known key within a small edit distance (ignoring case), or null when none or several are that close.</summary>
    public static string? Closest(string unknown, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(unknown);
        ArgumentNullException.ThrowIfNull(known);
        var limit = Math.Max(1, Math.Min(3, unknown.Length / 3));
        var candidates = known
            .Select(key => (Key: key, Distance: Distance(unknown.ToLowerInvariant(), key.ToLowerInvariant())))
            .Where(candidate => candidate.Distance <= limit)
            .OrderBy(candidate => candidate.Distance)
            .ToList();
        return candidates.Count == 1 || (candidates.Count > 1 && candidates[0].Distance < candidates[1].Distance)
            ? candidates[0].Key
            : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
