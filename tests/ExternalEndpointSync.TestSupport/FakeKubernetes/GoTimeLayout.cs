using System.Globalization;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// Go's <c>time.Parse</c> (src/time/format.go) for the two layouts apimachinery decodes with:
/// <c>metav1.Time</c> uses <c>time.RFC3339</c> (fractional seconds are accepted after the seconds
/// although the layout has none) and <c>metav1.MicroTime</c> uses <c>RFC3339Micro</c>, whose
/// <c>.000000</c> demands exactly six digits. Errors are Go's <c>ParseError</c> texts.
/// </summary>
public static class GoTimeLayout
{
    public const string Rfc3339 = "2006-01-02T15:04:05Z07:00";
    public const string Rfc3339Micro = "2006-01-02T15:04:05.000000Z07:00";

    /// <summary>Null when <paramref name="value"/> parses; otherwise Go's error text.</summary>
    public static string? Check(string value, bool micro)
    {
        var layout = micro ? Rfc3339Micro : Rfc3339;
        var rest = value;
        string Bad(string layoutElem) => $"parsing time {Quote(value)} as {Quote(layout)}: cannot parse {Quote(rest)} as {Quote(layoutElem)}";
        string Range(string what) => $"parsing time {Quote(value)}: {what} out of range";

        if (rest.Length < 4 || !int.TryParse(rest[..4], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var year))
        {
            return Bad("2006");
        }

        rest = rest[4..];
        if (!Skip(ref rest, "-"))
        {
            return Bad("-");
        }

        if (!Number(ref rest, fixedWidth: true, out var month))
        {
            return Bad("01");
        }

        if (month is < 1 or > 12)
        {
            return Range("month");
        }

        if (!Skip(ref rest, "-"))
        {
            return Bad("-");
        }

        if (!Number(ref rest, fixedWidth: true, out var day))
        {
            return Bad("02");
        }

        if (!Skip(ref rest, "T"))
        {
            return Bad("T");
        }

        if (!Number(ref rest, fixedWidth: false, out var hour))
        {
            return Bad("15");
        }

        if (hour is < 0 or > 23)
        {
            return Range("hour");
        }

        if (!Skip(ref rest, ":"))
        {
            return Bad(":");
        }

        if (!Number(ref rest, fixedWidth: true, out var minute))
        {
            return Bad("04");
        }

        if (minute is < 0 or > 59)
        {
            return Range("minute");
        }

        if (!Skip(ref rest, ":"))
        {
            return Bad(":");
        }

        if (!Number(ref rest, fixedWidth: true, out var second))
        {
            return Bad("05");
        }

        if (second is < 0 or > 59)
        {
            return Range("second");
        }

        if (micro)
        {
            if (rest.Length < 7 || rest[0] is not ('.' or ',') || !rest[1..7].All(char.IsAsciiDigit))
            {
                return Bad(".000000");
            }

            rest = rest[7..];
        }
        else if (rest.Length >= 2 && rest[0] is '.' or ',' && char.IsAsciiDigit(rest[1]))
        {
            var n = 2;
            while (n < rest.Length && char.IsAsciiDigit(rest[n]))
            {
                n++;
            }

            rest = rest[n..];
        }

        if (rest.StartsWith('Z'))
        {
            rest = rest[1..];
        }
        else
        {
            if (rest.Length < 6 || rest[3] != ':' || rest[0] is not ('+' or '-')
                || !int.TryParse(rest[1..3], NumberStyles.None, CultureInfo.InvariantCulture, out var offsetHour)
                || !int.TryParse(rest[4..6], NumberStyles.None, CultureInfo.InvariantCulture, out var offsetMinute))
            {
                return Bad("Z07:00");
            }

            if (offsetHour > 24)
            {
                return Range("time zone offset hour");
            }

            if (offsetMinute > 60)
            {
                return Range("time zone offset minute");
            }

            rest = rest[6..];
        }

        if (rest.Length > 0)
        {
            return $"parsing time {Quote(value)}: extra text: {Quote(rest)}";
        }

        return day < 1 || (year < 1 && day > 31) || (year >= 1 && day > DateTime.DaysInMonth(year, month)) ? $"parsing time {Quote(value)}: day out of range" : null;
    }

    private static bool Skip(ref string rest, string literal)
    {
        if (!rest.StartsWith(literal, StringComparison.Ordinal))
        {
            return false;
        }

        rest = rest[literal.Length..];
        return true;
    }

    /// <summary>Go's getnum: one or two digits, exactly two when <paramref name="fixedWidth"/>.</summary>
    private static bool Number(ref string rest, bool fixedWidth, out int number)
    {
        number = 0;
        if (rest.Length == 0 || !char.IsAsciiDigit(rest[0]))
        {
            return false;
        }

        if (rest.Length < 2 || !char.IsAsciiDigit(rest[1]))
        {
            if (fixedWidth)
            {
                return false;
            }

            number = rest[0] - '0';
            rest = rest[1..];
            return true;
        }

        number = ((rest[0] - '0') * 10) + (rest[1] - '0');
        rest = rest[2..];
        return true;
    }

    private static string Quote(string s) => JsonNodeExtensions.Quote(s);
}
