using System.Net.Sockets;

namespace ExternalEndpointSync.Health.Probes;

/// <summary>Opens the TCP connection every probe starts with.</summary>
public static class TcpConnector
{
    public static async Task<NetworkStream> ConnectAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var socket = new Socket(target.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(target.EndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
