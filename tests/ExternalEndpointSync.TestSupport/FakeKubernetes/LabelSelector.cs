using System.Globalization;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// A parsed <c>labelSelector</c> query: comma-separated requirements <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>,
/// <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c>, <c>!k</c>, <c>k&gt;n</c>, <c>k&lt;n</c>.
/// As in Kubernetes, <c>!=</c> and <c>notin</c> also match objects without the key.
/// </summary>
internal sealed class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> requirements;

    private LabelSelector(List<Func<IReadOnlyDictionary<string, string>, bool>> requirements) => this.requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool Matches(IReadOnlyDictionary<string, string> labels) => requirements.TrueForAll(r => r(labels));

    /// <exception cref="ApiStatusException">400 when the selector does not parse.</exception>
    public static LabelSelector Parse(string? text)
    {
        var requirements = new List<Func<IReadOnlyDictionary<string, string>, bool>>();
        foreach (var part in SplitTopLevel(text ?? string.Empty))
        {
            requirements.Add(ParseRequirement(part.Trim()));
        }

        return new LabelSelector(requirements);
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseRequirement(string part)
    {
        if (part.Length == 0)
        {
            throw Error(part, "empty requirement");
        }

        if (part.StartsWith('!'))
        {
            var key = Key(part[1..].Trim(), part);
            return labels => !labels.ContainsKey(key);
        }

        foreach (var (op, negate) in new[] { (" notin ", true), (" in ", false) })
        {
            var index = part.IndexOf(op, StringComparison.Ordinal);
            if (index > 0)
            {
                var key = Key(part[..index].Trim(), part);
                var set = part[(index + op.Length)..].Trim();
                if (!set.StartsWith('(') || !set.EndsWith(')'))
                {
                    throw Error(part, "expected a parenthesised set of values");
                }

                var values = set[1..^1].Split(',').Select(v => Value(v.Trim(), part)).ToHashSet(StringComparer.Ordinal);
                return negate
                    ? labels => !labels.TryGetValue(key, out var v) || !values.Contains(v)
                    : labels => labels.TryGetValue(key, out var v) && values.Contains(v);
            }
        }

        foreach (var op in new[] { "!=", "==", "=", ">", "<" })
        {
            var index = part.IndexOf(op, StringComparison.Ordinal);
            if (index < 0)
            {
                continue;
            }

            var key = Key(part[..index].Trim(), part);
            var value = part[(index + op.Length)..].Trim();
            switch (op)
            {
                case "!=":
                    Value(value, part);
                    return labels => !labels.TryGetValue(key, out var v) || v != value;
                case "==":
                case "=":
                    Value(value, part);
                    return labels => labels.TryGetValue(key, out var v) && v == value;
                default:
                    if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bound))
                    {
                        throw Error(part, $"for 'Gt', 'Lt' operators, the value must be an integer");
                    }

                    return labels => labels.TryGetValue(key, out var v)
                        && long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                        && (op == ">" ? n > bound : n < bound);
            }
        }

        var existsKey = Key(part, part);
        return labels => labels.ContainsKey(existsKey);
    }

    private static string Key(string key, string part)
    {
        var errors = NameRules.QualifiedName(key);
        return errors.Count == 0 ? key : throw Error(part, $"key: Invalid value: {JsonNodeExtensions.Quote(key)}: {errors[0]}");
    }

    private static string Value(string value, string part)
    {
        var errors = NameRules.LabelValue(value);
        return errors.Count == 0 ? value : throw Error(part, $"values[0]: Invalid value: {JsonNodeExtensions.Quote(value)}: {errors[0]}");
    }

    private static ApiStatusException Error(string part, string detail) =>
        new(ApiStatus.BadRequest($"unable to parse requirement: {detail} (in {JsonNodeExtensions.Quote(part)})"));

    private static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        if (text.Trim().Length == 0)
        {
            return parts;
        }

        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    parts.Add(text[start..i]);
                    start = i + 1;
                    break;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }
}
