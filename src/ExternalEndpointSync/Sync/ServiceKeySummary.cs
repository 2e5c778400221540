using System.Globalization;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sync;

/// <summary>
/// A list of services short enough for one Information line whatever their number: at 10,000
/// services a full list in every resync line came to megabytes of log. The full list is logged
/// at Debug.
/// </summary>
public static class ServiceKeySummary
{
    /// <summary>How many keys an Information line names before it only counts the rest.</summary>
    public const int Shown = 5;

    /// <summary>The first <see cref="Shown"/> keys in ordinal order, then how many more there are.</summary>
    public static string Of(IReadOnlyCollection<ServiceKey> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var first = string.Join(", ", services.Order(ServiceKey.Ordinal).Take(Shown));
        return services.Count <= Shown
            ? first
            : string.Create(CultureInfo.InvariantCulture, $"{first} and {services.Count - Shown:N0} more");
    }

    /// <summary>Every key, in ordinal order.</summary>
    public static string All(IReadOnlyCollection<ServiceKey> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return string.Join(", ", services.Order(ServiceKey.Ordinal));
    }
}
