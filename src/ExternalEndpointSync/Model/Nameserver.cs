using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace ExternalEndpointSync.Model;

/// <summary>
/// A name server to ask: <c>ip</c>, <c>ip:port</c> (IPv4) or <c>[ipv6]:port</c>; without a port
/// it is 53. An IPv6 address with no port is written bare, since its colons already say what it is.
/// </summary>
public sealed record Nameserver
{
    public const int DefaultPort = 53;

    public const string Rule = "must be an IP address, ip:port or [ipv6]:port with a port between 1 and 65535";

    private Nameserver(IPEndPoint endPoint) => EndPoint = endPoint;

    public IPEndPoint EndPoint { get; }

    /// <exception cref="FormatException"><paramref name="text"/> is not a name server address.</exception>
    public static Nameserver Parse(string text) =>
        TryParse(text, out var nameserver) ? nameserver : throw new FormatException($"{Rule}: \"{text}\"");

    public static bool TryParse(string text, [NotNullWhen(true)] out Nameserver? nameserver)
    {
        ArgumentNullException.ThrowIfNull(text);
        nameserver = null;
        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                return false;
            }

            host = text[1..close];
            port = text[(close + 2)..];
            if (!host.Contains(':', StringComparison.Ordinal))
            {
                return false;
            }
        }
        else if (text.Count(static character => character == ':') == 1)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            host = text[..colon];
            port = text[(colon + 1)..];
        }
        else
        {
            host = text;
        }

        var number = DefaultPort;
        if (!EndpointAddressRules.TryParseLiteral(host, out var address, out _)
            || (port is not null && !TryParsePort(port, out number)))
        {
            return false;
        }

        nameserver = new Nameserver(new IPEndPoint(address, number));
        return true;
    }

    public override string ToString() => EndPoint.ToString();

    private static bool TryParsePort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;
}
