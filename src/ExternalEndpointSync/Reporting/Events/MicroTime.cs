using System.Globalization;

namespace ExternalEndpointSync.Reporting.Events;

/// <summary>
/// metav1.MicroTime: a real API server accepts exactly six fractional digits, so an Event carries
/// no more precision than it will read back (as Worker/MicroTimes does for the Lease).
/// </summary>
public static class MicroTime
{
    public static DateTime Of(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % 10), DateTimeKind.Utc);

    public static string Format(DateTime time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
