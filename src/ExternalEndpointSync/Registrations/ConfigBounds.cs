namespace ExternalEndpointSync.Registrations;

/// <summary>
/// The range of every duration and count in the configuration. Beyond them a value does not do
/// what it says: timers above about 49 days throw, a resync every millisecond spins the CPU, two
/// billion DNS retries never end. The README's configuration reference lists the same ranges.
/// </summary>
public static class ConfigBounds
{
    public static readonly TimeSpan MinResyncInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxResyncInterval = TimeSpan.FromHours(24);

    public static readonly TimeSpan MinProbeInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxProbeInterval = TimeSpan.FromHours(1);
    public static readonly TimeSpan MinProbeTimeout = TimeSpan.FromMilliseconds(10);
    public static readonly TimeSpan MaxProbeTimeout = TimeSpan.FromMinutes(5);
    public const int MaxThreshold = 100;

    public static readonly TimeSpan MinDnsTtl = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxDnsTtl = TimeSpan.FromHours(24);
    public static readonly TimeSpan MinDnsTimeout = TimeSpan.FromMilliseconds(10);
    public static readonly TimeSpan MaxDnsTimeout = TimeSpan.FromMinutes(1);
    public const int MaxDnsRetries = 10;
    public const int MaxEmptyAfter = 1000;

    public static readonly TimeSpan MinConsulWait = TimeSpan.FromSeconds(1);

    /// <summary>Consul's own limit for a blocking query.</summary>
    public static readonly TimeSpan MaxConsulWait = TimeSpan.FromMinutes(10);

    /// <summary>Reports <paramref name="value"/> when it is outside [<paramref name="min"/>, <paramref name="max"/>].</summary>
    internal static void Check(Located<TimeSpan>? value, TimeSpan min, TimeSpan max, ConfigDiagnostics diagnostics)
    {
        if (value is { } v && (v.Value < min || v.Value > max))
        {
            diagnostics.Error(v, $"must be between {DurationParser.Format(min)} and {DurationParser.Format(max)}, not {DurationParser.Format(v.Value)}");
        }
    }

    /// <summary>Reports <paramref name="value"/> when it is outside [<paramref name="min"/>, <paramref name="max"/>].</summary>
    internal static void Check(Located<int>? value, int min, int max, ConfigDiagnostics diagnostics)
    {
        if (value is { } v && (v.Value < min || v.Value > max))
        {
            diagnostics.Error(v, $"must be between {min} and {max}, not {v.Value}");
        }
    }
}
