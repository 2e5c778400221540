using System.Net;
using System.Security.Cryptography.X509Certificates;
using ExternalEndpointSync.TestSupport.Time;
using Npgsql;

namespace ExternalEndpointSync.TestSupport.Servers;

/// <summary>
/// A real PostgreSQL server in a temporary directory: <c>initdb</c> with a password-protected
/// user (scram-sha-256 for every connection), then <c>postgres</c> listening only on
/// <see cref="Address"/>. It can be stopped (fast shutdown) and started again on the same port
/// within a test. As root it runs as an unprivileged account, because PostgreSQL refuses root.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string DebianPackage = "postgresql";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _root;
    private readonly IReadOnlyList<string> _commandPrefix;
    private readonly UnprivilegedUser? _runAs;
    private ServerProcess? _process;

    private PostgresServer(string root, IPAddress address, int port, string user, string password, IReadOnlyList<string> commandPrefix, UnprivilegedUser? runAs, bool tls)
    {
        UsesTls = tls;
        _root = root;
        Address = address;
        Port = port;
        User = user;
        Password = password;
        _commandPrefix = commandPrefix;
        _runAs = runAs;
        PasswordFile = Path.Combine(root, "probe-password");
    }

    public IPAddress Address { get; }

    public int Port { get; }

    public string User { get; }

    public string Password { get; }

    /// <summary>A file holding <see cref="Password"/>, for probes that read credentials from a file.</summary>
    public string PasswordFile { get; }

    public string Database { get; } = "postgres";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The server offers TLS (answers <c>S</c> to an SSLRequest).</summary>
    public bool UsesTls { get; }

    /// <summary>Creates and starts a server.</summary>
    /// <param name="address">Where to listen; 127.0.0.1 by default.</param>
    /// <param name="commandPrefix">Runs <c>postgres</c> through this (e.g. <c>ip netns exec NS</c>); it must exec.</param>
    /// <param name="tlsCertificate">Turns on TLS with this certificate and its private key.</param>
    /// <param name="port">Where to listen; a free port when null (a random high one behind a command prefix).</param>
    public static async Task<PostgresServer> StartAsync(
        IPAddress? address = null,
        string user = "probe",
        string password = "probe-secret",
        IReadOnlyList<string>? commandPrefix = null,
        X509Certificate2? tlsCertificate = null,
        int? port = null)
    {
        address ??= IPAddress.Loopback;
        commandPrefix ??= [];
        var initdb = Executables.Require("initdb", DebianPackage, "/usr/lib/postgresql/15/bin");
        var runAs = UnprivilegedUser.ForServers();
        var root = Directory.CreateTempSubdirectory("ees-postgres-").FullName;
        var server = new PostgresServer(root, address, port ?? Ports.For(address, commandPrefix), user, password, commandPrefix, runAs, tlsCertificate is not null);
        try
        {
            if (tlsCertificate is not null)
            {
                await File.WriteAllTextAsync(server.CertificateFile, tlsCertificate.ExportCertificatePem());
                await File.WriteAllTextAsync(server.KeyFile, PrivateKeyPem(tlsCertificate));
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(server.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }

            var initPassword = Path.Combine(root, "initdb-password");
            await File.WriteAllTextAsync(initPassword, password);
            await File.WriteAllTextAsync(server.PasswordFile, password + "\n");
            if (runAs is not null)
            {
                await runAs.ChownAsync(root);
            }

            await ProcessRunner.RunAsync(
                [.. runAs?.SwitchCommand() ?? [], initdb, "-D", server.DataDirectory, "-U", user, $"--pwfile={initPassword}",
                 "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"],
                StartTimeout);

            // initdb only admits clients from loopback; a server on a test host is reached from
            // the host side of its link, so admit every client (still with a password).
            await File.AppendAllTextAsync(
                Path.Combine(server.DataDirectory, "pg_hba.conf"),
                "host all all 0.0.0.0/0 scram-sha-256\nhost all all ::/0 scram-sha-256\n");
            await server.StartAgainAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private string DataDirectory => Path.Combine(_root, "data");

    private string CertificateFile => Path.Combine(_root, "server.crt");

    private string KeyFile => Path.Combine(_root, "server.key");

    private static string PrivateKeyPem(X509Certificate2 certificate) =>
        certificate.GetECDsaPrivateKey()?.ExportPkcs8PrivateKeyPem()
        ?? certificate.GetRSAPrivateKey()?.ExportPkcs8PrivateKeyPem()
        ?? throw new ArgumentException("the TLS certificate has no ECDSA or RSA private key", nameof(certificate));

    /// <summary>Starts the server (again) on the same address and port, and waits until it accepts a login.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning)
        {
            return;
        }

        var postgres = Executables.Require("postgres", DebianPackage, "/usr/lib/postgresql/15/bin");
        List<string> arguments =
        [
            "-D", DataDirectory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", _root,
            "-c", $"listen_addresses={Address}", "-c", "fsync=off", "-c", "max_connections=50", "-c", "shared_buffers=8MB",
        ];
        if (UsesTls)
        {
            arguments.AddRange(["-c", "ssl=on", "-c", $"ssl_cert_file={CertificateFile}", "-c", $"ssl_key_file={KeyFile}"]);
        }

        _process = ServerProcess.Start([.. _commandPrefix, .. _runAs?.SwitchCommand() ?? []], postgres, arguments);
        await WaitUntilAcceptingAsync();
    }

    /// <summary>Fast shutdown (SIGINT), as <c>pg_ctl stop -m fast</c> does.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            await process.StopAsync(UnixSignal.Interrupt, TimeSpan.FromSeconds(30));
            await process.DisposeAsync();
            _process = null;
        }
    }

    public string ConnectionString(string? password = null) => new NpgsqlConnectionStringBuilder
    {
        Host = Address.ToString(),
        Port = Port,
        Username = User,
        Password = password ?? Password,
        Database = Database,
        Pooling = false,
        Timeout = 5,
    }.ConnectionString;

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

    private async Task WaitUntilAcceptingAsync()
    {
        Exception? last = null;
        async Task<bool> AcceptsAsync()
        {
            if (_process is null || _process.HasExited)
            {
                throw new InvalidOperationException($"postgres exited during start-up:\n{_process?.Output}");
            }

            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString());
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync();
                return true;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
            {
                last = exception;
                return false;
            }
        }

        if (await Poll.UntilAsync(AcceptsAsync, StartTimeout))
        {
            return;
        }

        throw new TimeoutException($"postgres did not accept connections within {StartTimeout}: {last?.Message}\n{_process?.Output}");
    }
}
