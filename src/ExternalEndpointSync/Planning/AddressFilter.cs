using System.Net;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Planning;

/// <summary>
/// Keeps only the addresses the API server accepts in Endpoints and EndpointSlices
/// (<see cref="EndpointAddressRules"/>, the same rules the configuration warns by), written
/// canonically and without duplicates.
/// </summary>
internal static class AddressFilter
{
    public const string Malformed = "not a valid IP address";
    public const string PortOutOfRange = "port out of range 1-65535";

    /// <summary>
    /// Returns the accepted endpoints in their first-seen order and the dropped addresses with a
    /// reason (an endpoint whose learned port is not a port is dropped too). Two endpoints that
    /// would be published the same way (same canonical address, same endpoint port once
    /// <paramref name="firstEndpointPort"/> stands in for an unlearned one) are one; when their
    /// readiness differs the ready one's conditions win, so a duplicate never hides a healthy
    /// address. Without declared ports (<paramref name="firstEndpointPort"/> null) the port is
    /// not published, so the address alone identifies an endpoint.
    /// </summary>
    public static (IReadOnlyList<AcceptedEndpoint> Accepted, IReadOnlyList<DroppedAddress> Dropped) Filter(
        IReadOnlyList<PublishedEndpoint> endpoints,
        int? firstEndpointPort)
    {
        var accepted = new List<AcceptedEndpoint>(endpoints.Count);
        var indexByKey = new Dictionary<(string Address, int? Port), int>();
        var dropped = new List<DroppedAddress>();

        foreach (var endpoint in endpoints)
        {
            var reason = Classify(endpoint.Address, out var address) ?? (endpoint.Port is < 1 or > 65535 ? PortOutOfRange : null);
            if (reason is not null)
            {
                dropped.Add(new DroppedAddress(endpoint.Address, reason));
                continue;
            }

            var candidate = new AcceptedEndpoint(address, endpoint.Port, endpoint.Ready, endpoint.Serving);
            var key = (candidate.Text, firstEndpointPort is null ? null : candidate.Port ?? firstEndpointPort);
            if (indexByKey.TryGetValue(key, out var index))
            {
                if (candidate.Ready && !accepted[index].Ready)
                {
                    accepted[index] = candidate;
                }

                continue;
            }

            indexByKey.Add(key, accepted.Count);
            accepted.Add(candidate);
        }

        return (accepted, dropped);
    }

    /// <summary>Parses and classifies one address by <see cref="EndpointAddressRules"/>; null means it may be published.</summary>
    public static string? Classify(string text, out IPAddress address)
    {
        if (!EndpointAddressRules.TryParseLiteral(text.Trim(), out var parsed, out _))
        {
            address = IPAddress.None;
            return Malformed;
        }

        address = parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed;
        return EndpointAddressRules.RejectionReason(address);
    }
}
