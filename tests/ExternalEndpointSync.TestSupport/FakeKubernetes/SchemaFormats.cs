using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// The string formats apiextensions checks (kube-openapi's strfmt registry as the CRD validator
/// uses it); any other format, int32/int64 among them, is only documentation.
/// </summary>
internal static class SchemaFormats
{
    private static readonly Regex Hostname = new(@"^([a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)*[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$", RegexOptions.None, TimeSpan.FromSeconds(1));
    private static readonly Regex Uuid = new("^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
    private static readonly Regex DateTime = new(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.None, TimeSpan.FromSeconds(1));

    public static bool Accepts(string format, string text) => format switch
    {
        "date-time" => DateTime.IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "date" => System.DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "ipv4" => IPAddress.TryParse(text, out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && text.Count(c => c == '.') == 3,
        "ipv6" => text.Contains(':', StringComparison.Ordinal) && IPAddress.TryParse(text, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6,
        "cidr" => IPNetwork.TryParse(text, out _),
        "hostname" => text.Length <= 255 && Hostname.IsMatch(text),
        "uuid" => Uuid.IsMatch(text),
        "byte" => IsBase64(text),
        _ => true,
    };

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _);
    }
}
