using System.Net;
using System.Net.Sockets;

namespace ExternalEndpointSync.Health.Probes;

/// <summary>The address and port a probe connects to.</summary>
public sealed record ProbeTarget(IPAddress Address, int Port)
{
    public IPEndPoint EndPoint => new(Address, Port);

    /// <summary>The address as written in a URI authority: IPv6 in brackets.</summary>
    public string HostLiteral => Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address.ToString();

    public override string ToString() => $"{HostLiteral}:{Port}";
}
