using System.Net;
using System.Net.Sockets;

namespace ExternalEndpointSync.TestSupport.Servers;

/// <summary>Accepts TCP connections and closes them; can be stopped and started again on the same port.</summary>
public sealed class TcpListenerServer : IAsyncDisposable
{
    private Socket? _listener;
    private Task? _acceptLoop;

    private TcpListenerServer(IPAddress address) => Address = address;

    public IPAddress Address { get; }

    public int Port { get; private set; }

    public int Accepted => Volatile.Read(ref _accepted);

    private int _accepted;

    public static TcpListenerServer Start(IPAddress? address = null, int port = 0)
    {
        var server = new TcpListenerServer(address ?? IPAddress.Loopback);
        server.Listen(port);
        return server;
    }

    /// <summary>Listens again on the port it had.</summary>
    public void StartAgain()
    {
        if (_listener is null)
        {
            Listen(Port);
        }
    }

    public async Task StopAsync()
    {
        if (_listener is { } listener)
        {
            _listener = null;
            listener.Dispose();
            if (_acceptLoop is { } loop)
            {
                await loop;
            }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void Listen(int port)
    {
        var listener = new Socket(Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(Address, port));
        listener.Listen(128);
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _listener = listener;
        _acceptLoop = AcceptAsync(listener);
    }

    private async Task AcceptAsync(Socket listener)
    {
        try
        {
            while (true)
            {
                using var connection = await listener.AcceptAsync();
                Interlocked.Increment(ref _accepted);
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
        }
    }
}
