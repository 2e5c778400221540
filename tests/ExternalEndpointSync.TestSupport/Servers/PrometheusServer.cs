using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ExternalEndpointSync.TestSupport.Time;

namespace ExternalEndpointSync.TestSupport.Servers;

/// <summary>
/// A real <c>prometheus</c> on 127.0.0.1 and a free port, its data and configuration in a
/// temporary directory, scraping one target; and <c>promtool</c> from the same Debian package.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private const string DebianPackage = "prometheus";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly string root;
    private readonly HttpClient http;
    private readonly ServerProcess process;

    private PrometheusServer(string root, int port, ServerProcess process)
    {
        this.root = root;
        this.process = process;
        http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/") };
    }

    public string Output => process.Output;

    /// <summary>Starts scraping <c>http://127.0.0.1:<paramref name="targetPort"/>/metrics</c> every <paramref name="interval"/>.</summary>
    public static async Task<PrometheusServer> StartAsync(int targetPort, TimeSpan interval)
    {
        var executable = Executables.Require("prometheus", DebianPackage);
        var root = Directory.CreateTempSubdirectory("ees-prometheus-").FullName;
        var seconds = $"{(int)interval.TotalMilliseconds}ms";
        var config = Path.Combine(root, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: {seconds}
              scrape_timeout: {seconds}
            scrape_configs:
              - job_name: worker
                static_configs:
                  - targets: ["127.0.0.1:{targetPort.ToString(CultureInfo.InvariantCulture)}"]
            """);
        var port = Ports.FreeOn(IPAddress.Loopback);
        var process = ServerProcess.Start(
            [],
            executable,
            [
                $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(root, "data")}",
                $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--log.level=warn",
            ],
            root);
        var server = new PrometheusServer(root, port, process);
        try
        {
            await server.WaitUntilReadyAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The value of the first sample of an instant query, or null while there is none.</summary>
    public async Task<double?> QueryAsync(string query)
    {
        var answer = await http.GetFromJsonAsync<JsonObject>($"api/v1/query?query={Uri.EscapeDataString(query)}");
        if (answer?["status"]?.GetValue<string>() != "success")
        {
            throw new InvalidOperationException($"query {query} failed: {answer}");
        }

        return answer["data"]?["result"] is JsonArray { Count: > 0 } result
            ? double.Parse(result[0]!["value"]![1]!.GetValue<string>(), CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary><c>promtool check metrics</c> over <paramref name="exposition"/>: its exit code and what it said.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        var info = new ProcessStartInfo(Executables.Require("promtool", DebianPackage))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("check");
        info.ArgumentList.Add("metrics");
        using var promtool = Process.Start(info) ?? throw new InvalidOperationException("could not start promtool");
        var output = promtool.StandardOutput.ReadToEndAsync();
        var error = promtool.StandardError.ReadToEndAsync();
        await promtool.StandardInput.WriteAsync(exposition);
        promtool.StandardInput.Close();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await promtool.WaitForExitAsync(limit.Token);
        return (promtool.ExitCode, await output + await error);
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await process.StopAsync(UnixSignal.Terminate, TimeSpan.FromSeconds(15));
        await process.DisposeAsync();
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        string last = "";
        async Task<bool> ReadyAsync()
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited during start-up:\n{process.Output}");
            }

            try
            {
                using var ready = await http.GetAsync(new Uri("-/ready", UriKind.Relative));
                if (ready.IsSuccessStatusCode)
                {
                    return true;
                }

                last = ready.StatusCode.ToString();
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            return false;
        }

        if (await Poll.UntilAsync(ReadyAsync, StartTimeout))
        {
            return;
        }

        throw new TimeoutException($"prometheus was not ready within {StartTimeout}: {last}\n{process.Output}");
    }
}
