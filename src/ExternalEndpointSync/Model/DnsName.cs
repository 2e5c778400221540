using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace ExternalEndpointSync.Model;

/// <summary>
/// A host name as DNS servers see it: labels of letters, digits, '-' and '_' (SRV names start
/// with '_'), at most 63 each and 253 in all. A trailing '.' may be written; names are always
/// asked fully qualified, so it is dropped and <c>a.example</c> equals <c>a.example.</c>.
/// </summary>
public sealed partial record DnsName
{
    public const string Rule = "must be a DNS name (labels of letters, digits, '-' and '_' joined by '.', at most 63 characters each and 253 in all)";

    private DnsName(string value) => Value = value;

    /// <summary>The name without a trailing '.'.</summary>
    public string Value { get; }

    /// <exception cref="FormatException"><paramref name="text"/> is not a DNS name.</exception>
    public static DnsName Parse(string text) =>
        TryParse(text, out var name) ? name : throw new FormatException($"{Rule}: \"{text}\"");

    public static bool TryParse(string text, [NotNullWhen(true)] out DnsName? name)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.EndsWith('.') ? text[..^1] : text;
        name = value.Length is > 0 and <= 253 && value.Split('.').All(static label => label.Length <= 63 && Label().IsMatch(label))
            ? new DnsName(value)
            : null;
        return name is not null;
    }

    public override string ToString() => Value;

    [GeneratedRegex("^[A-Za-z0-9_]([-A-Za-z0-9_]*[A-Za-z0-9_])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Label();
}
