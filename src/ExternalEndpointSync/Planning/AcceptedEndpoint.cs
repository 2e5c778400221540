using System.Net;
using System.Net.Sockets;

namespace ExternalEndpointSync.Planning;

/// <summary>An endpoint that passed <see cref="AddressFilter"/>: its address parsed and written in canonical form.</summary>
internal sealed record AcceptedEndpoint(IPAddress Address, int? Port, bool Ready, bool Serving)
{
    /// <summary>The canonical text (<c>2001:db8::10</c>, never <c>2001:DB8::0010</c>).</summary>
    public string Text { get; } = Address.ToString();

    public bool IsIPv6 => Address.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>The EndpointSlice <c>addressType</c> this endpoint belongs to.</summary>
    public string AddressType => IsIPv6 ? EndpointSliceBuilder.IPv6 : EndpointSliceBuilder.IPv4;
}
