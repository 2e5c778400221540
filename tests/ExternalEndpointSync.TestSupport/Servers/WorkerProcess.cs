using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
namespace ExternalEndpointSync.TestSupport.Servers;

/// <summary>
/// <c>run</c> as its own process, as a pod runs it: stopped by a real SIGTERM (Program's
/// handler) or killed outright, so that nothing of it releases the lease. The command line's
/// assembly must be in the caller's output directory (a project reference puts it there).
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder error = new();

    private WorkerProcess(string podName, int httpPort, Process process)
    {
        PodName = podName;
        HttpPort = httpPort;
        this.process = process;
    }

    public string PodName { get; }

    /// <summary>Where the probes and <c>/metrics</c> are served.</summary>
    public int HttpPort { get; }

    public bool HasExited => process.HasExited;

    public string Logs
    {
        get
        {
            lock (error)
            {
                return $"--- {PodName} stderr\n{error}";
            }
        }
    }

    public static WorkerProcess Start(string podName, string config, string kubeconfig, string leaseNamespace, params string[] timings)
    {
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var info = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        var httpPort = Ports.FreeOn(IPAddress.Loopback);
        string[] args =
        [
            Path.Combine(AppContext.BaseDirectory, "ExternalEndpointSync.dll"), "run", "--config", config, "--kubeconfig", kubeconfig,
            "--lease-namespace", leaseNamespace, "--http-port", httpPort.ToString(CultureInfo.InvariantCulture), .. timings,
        ];
        foreach (var argument in args)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("KUBECONFIG");
        info.Environment.Remove("POD_NAMESPACE");
        info.Environment["HOME"] = Path.GetTempPath();
        info.Environment["HOSTNAME"] = podName;
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the command line");
        var worker = new WorkerProcess(podName, httpPort, process);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (worker.error)
            {
                worker.error.AppendLine(e.Data);
            }
        };
        process.OutputDataReceived += static (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return worker;
    }

    public async Task<int> TerminateAsync()
    {
        await UnixSignal.SendAsync(process.Id, UnixSignal.Terminate);
        return await WaitForExitAsync();
    }

    /// <summary>A GET of the process's HTTP port (<c>/metrics</c>, <c>/readyz</c>, <c>/healthz</c>).</summary>
    public async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return await client.GetAsync(new Uri($"http://127.0.0.1:{HttpPort}{path}"));
    }

    /// <summary>SIGHUP: reload the configuration file now.</summary>
    public Task HangUpAsync() => UnixSignal.SendAsync(process.Id, "HUP");

    /// <summary>SIGKILL: the process ends between two renewals and releases nothing.</summary>
    public async Task KillAsync()
    {
        process.Kill();
        await WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private async Task<int> WaitForExitAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(limit.Token);
        return process.ExitCode;
    }
}
