using System.Globalization;

namespace ExternalEndpointSync.Reporting.Output;

/// <summary>The lines of a unified diff (<c>diff -u</c>): hunks of changed lines with a little context around them.</summary>
public static class UnifiedDiff
{
    public const int DefaultContext = 3;

    /// <summary>Hunk headers (<c>@@ -a,b +c,d @@</c>) and lines prefixed with ' ', '-' or '+'; empty when equal.</summary>
    public static IReadOnlyList<string> Lines(IReadOnlyList<string> before, IReadOnlyList<string> after, int context = DefaultContext)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var edits = Edits(before, after);
        var output = new List<string>();
        var i = 0;
        while (i < edits.Count)
        {
            if (edits[i].Kind == ' ')
            {
                i++;
                continue;
            }

            // A hunk: from `context` lines before this change to `context` lines after the last
            // change that is no more than 2 * context equal lines away from the previous one.
            var start = Math.Max(0, i - context);
            var end = i;
            while (end < edits.Count)
            {
                var nextChange = end;
                while (nextChange < edits.Count && edits[nextChange].Kind != ' ')
                {
                    nextChange++;
                }

                var equalRun = nextChange;
                while (equalRun < edits.Count && edits[equalRun].Kind == ' ')
                {
                    equalRun++;
                }

                if (equalRun >= edits.Count || equalRun - nextChange > 2 * context)
                {
                    end = Math.Min(edits.Count, nextChange + context);
                    break;
                }

                end = equalRun;
            }

            var hunk = edits.Skip(start).Take(end - start).ToList();
            var beforeStart = edits[start].BeforeLine;
            var afterStart = edits[start].AfterLine;
            var beforeCount = hunk.Count(static e => e.Kind != '+');
            var afterCount = hunk.Count(static e => e.Kind != '-');
            output.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"@@ -{(beforeCount == 0 ? beforeStart : beforeStart + 1)},{beforeCount} +{(afterCount == 0 ? afterStart : afterStart + 1)},{afterCount} @@"));
            output.AddRange(hunk.Select(static e => e.Kind + e.Text));
            i = end;
        }

        return output;
    }

    private readonly record struct Edit(char Kind, string Text, int BeforeLine, int AfterLine);

    /// <summary>The shortest edit script by longest common subsequence; objects are small enough for the quadratic table.</summary>
    private static List<Edit> Edits(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        var common = new int[before.Count + 1, after.Count + 1];
        for (var b = before.Count - 1; b >= 0; b--)
        {
            for (var a = after.Count - 1; a >= 0; a--)
            {
                common[b, a] = string.Equals(before[b], after[a], StringComparison.Ordinal)
                    ? common[b + 1, a + 1] + 1
                    : Math.Max(common[b + 1, a], common[b, a + 1]);
            }
        }

        var edits = new List<Edit>();
        int x = 0, y = 0;
        while (x < before.Count || y < after.Count)
        {
            if (x < before.Count && y < after.Count && string.Equals(before[x], after[y], StringComparison.Ordinal))
            {
                edits.Add(new Edit(' ', before[x], x, y));
                x++;
                y++;
            }
            else if (y < after.Count && (x == before.Count || common[x, y + 1] > common[x + 1, y]))
            {
                edits.Add(new Edit('+', after[y], x, y));
                y++;
            }
            else
            {
                edits.Add(new Edit('-', before[x], x, y));
                x++;
            }
        }

        return edits;
    }
}
