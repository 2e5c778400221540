using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace ExternalEndpointSync.Sources.Dns;

/// <summary>Parses the <c>nameservers</c> entries of a DNS source: <c>ip</c>, <c>ip:port</c> or <c>[ip6]:port</c>.</summary>
public static class DnsNameservers
{
    public const int DefaultPort = 53;

    public static bool TryParse(IReadOnlyList<string> entries, [NotNullWhen(true)] out IReadOnlyList<IPEndPoint>? endpoints, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var parsed = new List<IPEndPoint>(entries.Count);
        foreach (var entry in entries)
        {
            if (!TryParse(entry, out var endpoint))
            {
                endpoints = null;
                error = $"nameserver \"{entry}\" is not ip, ip:port or [ip6]:port";
                return false;
            }

            parsed.Add(endpoint);
        }

        endpoints = parsed;
        error = null;
        return true;
    }

    public static bool TryParse(string entry, [NotNullWhen(true)] out IPEndPoint? endpoint)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = entry.Trim();
        endpoint = null;
        if (text.StartsWith('[') && text.EndsWith(']'))
        {
            text = text[1..^1];
        }

        // IPAddress also accepts shorthands like "10" (0.0.0.10); a name server is written in full.
        if (text.Contains('.', StringComparison.Ordinal) || text.Contains(':', StringComparison.Ordinal))
        {
            // A bare IPv6 address is full of colons; it is an address, not address:port. IPAddress
            // also accepts "[ip6]:port" and drops the port, so that form goes to IPEndPoint.
            if (!text.StartsWith('[') && IPAddress.TryParse(text, out var address))
            {
                endpoint = new IPEndPoint(address, DefaultPort);
            }
            else if (IPEndPoint.TryParse(text, out var parsed) && parsed.Port > 0)
            {
                endpoint = parsed;
            }
        }

        return endpoint is not null;
    }
}
