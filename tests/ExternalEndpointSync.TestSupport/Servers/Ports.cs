using System.Net;
using System.Net.Sockets;

namespace ExternalEndpointSync.TestSupport.Servers;

/// <summary>Picks ports for servers that must be told theirs before they start.</summary>
public static class Ports
{
    /// <summary>A port free on <paramref name="address"/> right now (the kernel's choice for an ephemeral bind).</summary>
    public static int FreeOn(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>
    /// A port for a server started through a command prefix (another network namespace), where
    /// this process cannot bind to check; the namespace is the test's own, so a random high port is free.
    /// </summary>
    public static int For(IPAddress address, IReadOnlyList<string> commandPrefix) =>
        commandPrefix is { Count: > 0 } ? Random.Shared.Next(20000, 60000) : FreeOn(address);
}
