using System.Net;
using System.Net.Sockets;
using System.Text;
using ExternalEndpointSync.TestSupport.Time;

namespace ExternalEndpointSync.TestSupport.Servers;

/// <summary>
/// A real <c>redis-server</c> with persistence off, in a temporary directory, optionally with
/// <c>--requirepass</c>. Stoppable and restartable on the same port.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string DebianPackage = "redis-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly string _root;
    private readonly IReadOnlyList<string> _commandPrefix;
    private ServerProcess? _process;

    private RedisServer(string root, IPAddress address, int port, string? password, IReadOnlyList<string> commandPrefix)
    {
        _root = root;
        Address = address;
        Port = port;
        Password = password;
        _commandPrefix = commandPrefix;
        PasswordFile = Path.Combine(root, "password");
    }

    public IPAddress Address { get; }

    public int Port { get; }

    public string? Password { get; }

    /// <summary>A file holding <see cref="Password"/> (when there is one), for probes.</summary>
    public string PasswordFile { get; }

    /// <summary>Starts on <paramref name="port"/>, or on a free one; a fixed port suits servers in test hosts of their own.</summary>
    public static async Task<RedisServer> StartAsync(IPAddress? address = null, string? password = null, IReadOnlyList<string>? commandPrefix = null, int? port = null)
    {
        address ??= IPAddress.Loopback;
        commandPrefix ??= [];
        var root = Directory.CreateTempSubdirectory("ees-redis-").FullName;
        var server = new RedisServer(root, address, port ?? Ports.For(address, commandPrefix), password, commandPrefix);
        try
        {
            if (password is not null)
            {
                await File.WriteAllTextAsync(server.PasswordFile, password + "\n");
            }

            await server.StartAgainAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async Task StartAgainAsync()
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        var executable = Executables.Require("redis-server", DebianPackage);
        List<string> arguments =
        [
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", Address.ToString(),
            "--save", "", "--appendonly", "no", "--dir", _root, "--protected-mode", "no", "--daemonize", "no",
        ];
        if (Password is not null)
        {
            arguments.AddRange(["--requirepass", Password]);
        }

        _process = ServerProcess.Start(_commandPrefix, executable, arguments);
        await WaitUntilAnsweringAsync();
    }

    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            await process.StopAsync(UnixSignal.Terminate, TimeSpan.FromSeconds(15));
            await process.DisposeAsync();
            _process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitUntilAnsweringAsync()
    {
        Exception? last = null;
        async Task<bool> AnswersAsync()
        {
            if (_process is null || _process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited during start-up:\n{_process?.Output}");
            }

            try
            {
                using var client = new TcpClient(Address.AddressFamily);
                await client.ConnectAsync(Address, Port);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                var buffer = new byte[64];
                var read = await stream.ReadAsync(buffer);
                var reply = Encoding.ASCII.GetString(buffer, 0, read);
                if (reply.StartsWith("+PONG", StringComparison.Ordinal) || reply.StartsWith("-NOAUTH", StringComparison.Ordinal))
                {
                    return true;
                }

                last = new InvalidOperationException($"unexpected reply {reply}");
            }
            catch (SocketException exception)
            {
                last = exception;
            }

            return false;
        }

        if (await Poll.UntilAsync(AnswersAsync, StartTimeout))
        {
            return;
        }

        throw new TimeoutException($"redis-server did not answer within {StartTimeout}: {last?.Message}\n{_process?.Output}");
    }
}
