using System.Globalization;

namespace ExternalEndpointSync.Model;

/// <summary>HTTP status codes an <c>http</c> check accepts: one code (<c>204</c>) or a range (<c>200-399</c>).</summary>
public readonly record struct StatusRange
{
    public const string Rule = "must be a status code NNN or a range NNN-NNN between 100 and 599";

    public static readonly StatusRange Success = new(200, 399);

    private StatusRange(int low, int high) => (Low, High) = (low, high);

    public int Low { get; }

    public int High { get; }

    /// <exception cref="FormatException"><paramref name="text"/> is not a status code or range.</exception>
    public static StatusRange Parse(string text) =>
        TryParse(text, out var range) ? range : throw new FormatException($"{Rule}: \"{text}\"");

    /// <summary>Exactly three digits on each side, nothing around them, so what is written is what the schema allows.</summary>
    public static bool TryParse(string text, out StatusRange range)
    {
        ArgumentNullException.ThrowIfNull(text);
        range = default;
        var parts = text.Split('-');
        if (parts.Length > 2 || !TryParseCode(parts[0], out var low) || !TryParseCode(parts[^1], out var high) || low > high)
        {
            return false;
        }

        range = new StatusRange(low, high);
        return true;
    }

    public bool Contains(int status) => status >= Low && status <= High;

    public override string ToString() => Low == High
        ? Low.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Low}-{High}");

    private static bool TryParseCode(string text, out int code) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out code) && text.Length == 3 && code is >= 100 and <= 599;
}
