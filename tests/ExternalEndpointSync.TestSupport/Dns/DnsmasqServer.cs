using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using DnsClient;

namespace ExternalEndpointSync.TestSupport.Dns;

/// <summary>
/// A real dnsmasq on 127.0.0.1 and a random port, serving only what the test gives it
/// (no upstream servers, no /etc/hosts). Every query is logged so tests can count them.
/// Records in the configuration file change with a restart on the same port; the hosts file
/// changes with SIGHUP. Readiness is checked by querying, never by sleeping.
/// </summary>
public sealed partial class DnsmasqServer : IAsyncDisposable
{
    private const string MarkerDomain = "dnsmasq-fixture.invalid";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(15);
    private static readonly string[] SystemBinDirectories = ["/usr/sbin", "/sbin", "/usr/local/sbin"];

    private readonly string binary;
    private readonly DirectoryInfo directory;
    private readonly DnsmasqOptions options;
    private readonly object gate = new();
    private readonly List<string> log = [];
    private TaskCompletionSource logGrew = NewSignal();
    private Process? process;
    private int markerSequence;

    private DnsmasqServer(string binary, DirectoryInfo directory, DnsmasqOptions options, int port)
    {
        this.binary = binary;
        this.directory = directory;
        this.options = options;
        Port = port;
    }

    public int Port { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    /// <summary>The server as a <c>nameservers</c> entry (<c>127.0.0.1:port</c>).</summary>
    public string Nameserver => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The hosts file read with <c>--addn-hosts</c>; its names get <see cref="DnsmasqOptions.LocalTtl"/>.</summary>
    public string HostsFile => Path.Combine(directory.FullName, "hosts");

    private string ConfigFile => Path.Combine(directory.FullName, "dnsmasq.conf");

    /// <summary>Starts dnsmasq serving <paramref name="records"/> and waits until it answers.</summary>
    public static async Task<DnsmasqServer> StartAsync(DnsmasqRecords records, DnsmasqOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var binary = FindBinary();
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var server = new DnsmasqServer(binary, Directory.CreateTempSubdirectory("dnsmasq-"), options ?? new DnsmasqOptions(), FreePort());
            try
            {
                await File.WriteAllTextAsync(server.HostsFile, "", cancellationToken);
                await server.WriteConfigAsync(records, cancellationToken);
                await server.LaunchAsync(cancellationToken);
                return server;
            }
            catch (DnsmasqStartException) when (attempt < attempts)
            {
                // Another process can take the free port between probing and binding; try another.
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Rewrites the configuration file and restarts dnsmasq on the same port.</summary>
    public async Task ReplaceRecordsAsync(DnsmasqRecords records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        await StopAsync();
        await WriteConfigAsync(records, cancellationToken);
        await LaunchAsync(cancellationToken);
    }

    /// <summary>Replaces the hosts file (<c>address name</c> pairs), sends SIGHUP and waits until dnsmasq has read it.</summary>
    public async Task SetHostsAsync(IEnumerable<(string Address, string Name)> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var lines = entries.Select(static entry => $"{entry.Address} {entry.Name}\n");
        await File.WriteAllTextAsync(HostsFile, string.Concat(lines), cancellationToken);
        var from = LogCount();
        Signal("HUP");
        var readLine = $"read {HostsFile} - ";
        await WaitForLogAsync(line => line.Contains(readLine, StringComparison.Ordinal), from, cancellationToken);
    }

    /// <summary>Stops dnsmasq; queries are then refused by the kernel (ICMP port unreachable).</summary>
    public async Task StopAsync()
    {
        if (process is { } running)
        {
            process = null;
            if (!running.HasExited)
            {
                running.Kill();
            }

            await running.WaitForExitAsync();
            running.Dispose();
        }
    }

    /// <summary>Starts dnsmasq again on the same port after <see cref="StopAsync"/>.</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) =>
        process is null ? LaunchAsync(cancellationToken) : throw new InvalidOperationException("dnsmasq is running");

    /// <summary>Freezes dnsmasq (SIGSTOP): queries reach its socket but are never answered, so clients time out.</summary>
    public void Suspend() => Signal("STOP");

    /// <summary>Lets a suspended dnsmasq run again (SIGCONT).</summary>
    public void Resume() => Signal("CONT");

    /// <summary>Every query logged so far, the fixture's own readiness queries excluded.</summary>
    public async Task<IReadOnlyList<DnsmasqQuery>> QueriesAsync(CancellationToken cancellationToken = default)
    {
        if (process is null)
        {
            throw new InvalidOperationException("dnsmasq is stopped: restart it before reading its query log");
        }

        // dnsmasq logs a query before answering it, but our reader may lag behind the pipe; a
        // marker query seen in the log proves every earlier line has been read.
        await SendMarkerAsync(cancellationToken);
        lock (gate)
        {
            return log
                .Select(static line => QueryLine().Match(line))
                .Where(static match => match.Success)
                .Select(static match => new DnsmasqQuery(match.Groups["type"].Value, match.Groups["name"].Value.TrimEnd('.').ToLowerInvariant()))
                .Where(static query => !query.Name.EndsWith(MarkerDomain, StringComparison.Ordinal))
                .ToList();
        }
    }

    /// <summary>How many queries for <paramref name="name"/> (of <paramref name="type"/>, when given) dnsmasq received.</summary>
    public async Task<int> CountQueriesAsync(string name, string? type = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var wanted = name.TrimEnd('.').ToLowerInvariant();
        var queries = await QueriesAsync(cancellationToken);
        return queries.Count(query => query.Name == wanted && (type is null || query.Type == type));
    }

    /// <summary>dnsmasq's log so far, for failure messages.</summary>
    public string LogText()
    {
        lock (gate)
        {
            return string.Join('\n', log);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        directory.Delete(recursive: true);
    }

    private static string FindBinary()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(SystemBinDirectories)
            .Select(static folder => Path.Combine(folder, "dnsmasq"))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("dnsmasq not found: install the Debian package dnsmasq-base");
    }

    /// <summary>
    /// A port free for both UDP and TCP (dnsmasq serves both). A UDP port the system hands out may
    /// be taken for TCP by a parallel test, so a few candidates are tried.
    /// </summary>
    private static int FreePort()
    {
        for (var attempt = 1; ; attempt++)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException) when (attempt < 50)
            {
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [GeneratedRegex(@"query\[(?<type>[A-Za-z0-9]+)\] (?<name>\S+) from ")]
    private static partial Regex QueryLine();

    private async Task WriteConfigAsync(DnsmasqRecords records, CancellationToken cancellationToken)
    {
        var lines = new List<string>
        {
            "# written by ExternalEndpointSync.TestSupport.Dns.DnsmasqServer",
            $"address=/{MarkerDomain}/192.0.2.254",
        };
        lines.AddRange(records.Directives);
        await File.WriteAllLinesAsync(ConfigFile, lines, cancellationToken);
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "--no-daemon",
            $"--port={Port.ToString(CultureInfo.InvariantCulture)}",
            "--listen-address=127.0.0.1",
            "--bind-interfaces",
            "--no-resolv",
            "--no-hosts",
            "--no-poll",
            $"--conf-file={ConfigFile}",
            $"--addn-hosts={HostsFile}",
            $"--local-ttl={options.LocalTtl.ToString(CultureInfo.InvariantCulture)}",
            $"--pid-file={Path.Combine(directory.FullName, "dnsmasq.pid")}",
            "--log-facility=-",
            "--log-queries",
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (Environment.IsPrivilegedProcess)
        {
            // As root dnsmasq drops to "nobody", who cannot read our temp dir (mode 700) on SIGHUP.
            start.ArgumentList.Add("--user=root");
        }

        var from = LogCount();
        var started = new Process { StartInfo = start };
        started.ErrorDataReceived += (_, line) => AppendLog(line.Data);
        started.OutputDataReceived += (_, line) => AppendLog(line.Data);
        started.Start();
        started.BeginErrorReadLine();
        started.BeginOutputReadLine();
        process = started;
        try
        {
            await SendMarkerAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or DnsmasqStartException)
        {
            var output = string.Join('\n', LogSince(from));
            await StopAsync();
            throw new DnsmasqStartException($"dnsmasq did not start on port {Port}:\n{output}", exception);
        }
    }

    private async Task SendMarkerAsync(CancellationToken cancellationToken)
    {
        var marker = $"sync-{Interlocked.Increment(ref markerSequence).ToString(CultureInfo.InvariantCulture)}.{MarkerDomain}";
        var client = new LookupClient(new LookupClientOptions(EndPoint)
        {
            UseCache = false,
            Retries = 0,
            Timeout = TimeSpan.FromMilliseconds(250),
            ThrowDnsErrors = false,
        });
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ReadyTimeout);
        var from = 0;
        while (true)
        {
            if (process is not { HasExited: false })
            {
                throw new DnsmasqStartException("dnsmasq exited", null);
            }

            try
            {
                await client.QueryAsync(marker, QueryType.A, cancellationToken: deadline.Token);
                await WaitForLogAsync(line => line.Contains($"] {marker} from ", StringComparison.Ordinal), from, deadline.Token);
                return;
            }
            catch (DnsResponseException)
            {
                // Not listening yet; the query timeout paces the next attempt.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"dnsmasq did not answer within {ReadyTimeout}");
            }
        }
    }

    private async Task WaitForLogAsync(Func<string, bool> match, int from, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ReadyTimeout);
        while (true)
        {
            Task grew;
            lock (gate)
            {
                if (log.Skip(from).Any(match))
                {
                    return;
                }

                grew = logGrew.Task;
            }

            try
            {
                await grew.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"dnsmasq did not log the expected line within {ReadyTimeout}:\n{LogText()}");
            }
        }
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        TaskCompletionSource grew;
        lock (gate)
        {
            log.Add(line);
            grew = logGrew;
            logGrew = NewSignal();
        }

        grew.SetResult();
    }

    private int LogCount()
    {
        lock (gate)
        {
            return log.Count;
        }
    }

    private List<string> LogSince(int from)
    {
        lock (gate)
        {
            return log.Skip(from).ToList();
        }
    }

    private void Signal(string signal)
    {
        var running = process ?? throw new InvalidOperationException("dnsmasq is not running");
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { $"-{signal}", running.Id.ToString(CultureInfo.InvariantCulture) } })
            ?? throw new InvalidOperationException("could not run kill");
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {running.Id} failed with exit code {kill.ExitCode}");
        }
    }
}
