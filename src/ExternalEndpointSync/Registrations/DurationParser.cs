using System.Globalization;
using System.Text;

namespace ExternalEndpointSync.Registrations;

/// <summary>
/// Go-style durations as Kubernetes tools write them: <c>500ms</c>, <c>30s</c>, <c>5m</c>,
/// <c>1h</c>, <c>1m30s</c>, <c>1.5s</c>. A bare number has no unit and is rejected.
/// </summary>
public static class DurationParser
{
    /// <summary>How a valid duration looks, for error messages.</summary>
    public const string ExpectedForm = "a duration with units h, m, s or ms such as 500ms, 30s, 5m or 1m30s";

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var total = 0m;
        var position = 0;
        while (position < text.Length)
        {
            var numberStart = position;
            while (position < text.Length && (char.IsAsciiDigit(text[position]) || text[position] == '.'))
            {
                position++;
            }

            if (!decimal.TryParse(text.AsSpan(numberStart, position - numberStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = position;
            while (position < text.Length && char.IsAsciiLetter(text[position]))
            {
                position++;
            }

            decimal? milliseconds = text[unitStart..position] switch
            {
                "h" => 3_600_000m,
                "m" => 60_000m,
                "s" => 1_000m,
                "ms" => 1m,
                _ => null,
            };
            var limit = (decimal)TimeSpan.MaxValue.TotalMilliseconds / 2;
            if (milliseconds is null || number > limit / milliseconds.Value)
            {
                return false;
            }

            total += number * milliseconds.Value;
            if (total > limit)
            {
                return false;
            }
        }

        duration = TimeSpan.FromTicks((long)decimal.Round(total * TimeSpan.TicksPerMillisecond));
        return true;
    }

    /// <summary>The shortest Go-style spelling (<c>1m30s</c>, <c>500ms</c>, <c>0s</c>), which <see cref="TryParse"/> reads back.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return duration == TimeSpan.Zero ? "0s" : "-" + Format(duration.Negate());
        }

        var text = new StringBuilder();
        var hours = (long)duration.TotalHours;
        if (hours > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{hours}h");
        }

        if (duration.Minutes > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{duration.Minutes}m");
        }

        if (duration.Seconds > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{duration.Seconds}s");
        }

        var milliseconds = duration.Ticks % TimeSpan.TicksPerSecond / (decimal)TimeSpan.TicksPerMillisecond;
        if (milliseconds > 0)
        {
            text.Append(milliseconds.ToString(CultureInfo.InvariantCulture)).Append("ms");
        }

        return text.ToString();
    }
}
