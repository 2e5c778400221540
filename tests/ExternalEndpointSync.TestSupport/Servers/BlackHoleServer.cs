using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ExternalEndpointSync.TestSupport.Servers;

/// <summary>Accepts TCP connections and never answers, so every request-reply probe runs into its timeout.</summary>
public sealed class BlackHoleServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly ConcurrentBag<Socket> _connections = [];
    private readonly Task _acceptLoop;

    private BlackHoleServer(Socket listener)
    {
        _listener = listener;
        Address = ((IPEndPoint)listener.LocalEndPoint!).Address;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _acceptLoop = AcceptAsync();
    }

    public IPAddress Address { get; }

    public int Port { get; }

    public int Accepted => _connections.Count;

    public static BlackHoleServer Start(IPAddress? address = null, int port = 0)
    {
        address ??= IPAddress.Loopback;
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(address, port));
        listener.Listen(512);
        return new BlackHoleServer(listener);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _acceptLoop;
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                _connections.Add(await _listener.AcceptAsync());
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
        }
    }
}
