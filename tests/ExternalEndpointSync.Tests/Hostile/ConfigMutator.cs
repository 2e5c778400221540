using System.Text;
using System.Text.RegularExpressions;

namespace ExternalEndpointSync.Tests.Hostile;

/// <summary>Reproducible random mutations of a configuration file: one seed, one mutated text.</summary>
internal static partial class ConfigMutator
{
    private const string Alphabet = ":[]{},-&*!|>'\"#%@`?\t\n \\0123456789azAZ.~";

    private static readonly string[] ExtremeNumbers = ["0", "-1", "1", "65535", "65536", "2147483647", "2147483648", "99999999999999999999", "1e9", "0x10", "1_000", ".inf", "null", "~", "true"];

    private static readonly string[] ExtremeDurations = ["0s", "1ms", "2000h", "24h", "1s", "-5s", "99999999999999999999999h", "1.5", "10m1ms", "0.0001ms", "5d"];

    private static readonly string[] Snippets =
    [
        "  x: &a [1, *a]", "  <<: *nothing", "\t- tab", "{", "]", "  - &b { name: b }", "  - *b", "--- ", "...", "  ? complex", "  !!binary x: y",
        "  labels: { tier: }", "  annotations: { a: b }", "  namespace: kube-system", "  resyncInterval: 1ms", "      addresses: [ \"[::1]\", 192.0.2.1:80 ]",
        "  healthCheck: { type: http, http: { host: \"a\\r\\nb\" } }", "  type: ExternalName", "  externalName: 192.0.2.1",
    ];

    public static string Mutate(string text, int seed)
    {
        var random = new Random(seed);
        var mutations = random.Next(1, 4);
        for (var i = 0; i < mutations; i++)
        {
            text = MutateOnce(text, random);
        }

        return text;
    }

    private static string MutateOnce(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        var line = random.Next(lines.Count);
        switch (random.Next(9))
        {
            case 0 when text.Length > 0:
                return text.Remove(random.Next(text.Length), 1);
            case 1:
                return text.Insert(random.Next(text.Length + 1), Alphabet[random.Next(Alphabet.Length)].ToString());
            case 2:
                lines.Insert(line, lines[line]);
                break;
            case 3:
                lines.RemoveAt(line);
                break;
            case 4:
                (lines[line], lines[random.Next(lines.Count)]) = (lines[random.Next(lines.Count)], lines[line]);
                break;
            case 5:
                return ReplaceOne(text, Number(), ExtremeNumbers, random);
            case 6:
                return ReplaceOne(text, Duration(), ExtremeDurations, random);
            case 7:
                lines.Insert(line, Snippets[random.Next(Snippets.Length)]);
                break;
            default:
                lines[line] = random.Next(2) == 0 ? "  " + lines[line] : lines[line].TrimStart(' ');
                break;
        }

        return string.Join('\n', lines);
    }

    private static string ReplaceOne(string text, Regex pattern, string[] values, Random random)
    {
        var matches = pattern.Matches(text);
        if (matches.Count == 0)
        {
            return text;
        }

        var match = matches[random.Next(matches.Count)];
        return new StringBuilder(text).Remove(match.Index, match.Length).Insert(match.Index, values[random.Next(values.Length)]).ToString();
    }

    [GeneratedRegex(@"(?<=: )\d+\b")]
    private static partial Regex Number();

    [GeneratedRegex(@"\b\d+(ms|s|m|h)\b")]
    private static partial Regex Duration();
}
