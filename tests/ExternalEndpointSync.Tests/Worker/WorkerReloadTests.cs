using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Tests.EndToEnd;
using ExternalEndpointSync.TestSupport.Servers;

namespace ExternalEndpointSync.Tests.Worker;

/// <summary>
/// Two real <c>run</c> processes reload their configuration file on SIGHUP: an invalid file is
/// logged with validate's path and line and changes nothing, a valid one reaches the cluster, and
/// the follower tracked it too, so after a failover the new leader keeps the newest configuration;
/// each process counts both reloads in its metrics. A SIGHUP while the file is still being read
/// at start neither kills the process nor is lost: the file is read again once the worker runs.
/// </summary>
public sealed class WorkerReloadTests : SyncWorldTest
{
    // Polling never fires during the test: only SIGHUP reloads.
    private static readonly string[] Timings = ["--lease-duration", "5s", "--renew-deadline", "4s", "--retry-period", "200ms", "--config-poll-interval", "1h"];

    [Fact]
    public async Task SIGHUP_reloads_leader_and_follower_and_the_next_leader_starts_on_the_newest_file()
    {
        var config = WorkerWorld.WriteConfig(World);
        await using var a = WorkerProcess.Start("process-a", config, World.Kubeconfig, WorkerWorld.LeaseNamespace, Timings);
        await using var b = WorkerProcess.Start("process-b", config, World.Kubeconfig, WorkerWorld.LeaseNamespace, Timings);
        await Eventually.WaitAsync(() => (HeldBy(a) || HeldBy(b)) && World.Slices("web", "legacy-api").Count == 1, "one process leads and has synced", () => a.Logs + b.Logs);
        var (leader, follower) = HeldBy(a) ? (a, b) : (b, a);
        var original = File.ReadAllText(config);

        File.WriteAllText(config, original.Replace("name: legacy-api", "name: Legacy_API", StringComparison.Ordinal));
        await leader.HangUpAsync();
        await follower.HangUpAsync();
        await Eventually.WaitAsync(() => Both(a, b, "changed but is invalid") && Both(a, b, $"{config}:4:"), "both log the invalid file with its line", () => a.Logs + b.Logs);
        Assert.Equal(["192.0.2.10", "192.0.2.11"], Addresses());

        File.WriteAllText(config, original.Replace("192.0.2.11", "192.0.2.12", StringComparison.Ordinal));
        await leader.HangUpAsync();
        await follower.HangUpAsync();
        await Eventually.WaitAsync(() => Addresses().SequenceEqual(["192.0.2.10", "192.0.2.12"]), "the leader applies the reloaded file", () => a.Logs + b.Logs);
        await Eventually.WaitAsync(() => Both(a, b, "Reloaded configuration file"), "both reloaded", () => a.Logs + b.Logs);
        foreach (var worker in new[] { leader, follower })
        {
            var metrics = await ScrapeAsync(worker);
            Assert.True(ReloadCount(metrics, "failure") == 1 && ReloadCount(metrics, "success") == 1, metrics);
        }

        Assert.Equal(ExitCodes.Success, await leader.TerminateAsync());
        await Eventually.WaitAsync(() => HeldBy(follower) && follower.Logs.Contains("Synced", StringComparison.Ordinal), "the follower leads and syncs", () => follower.Logs);
        Assert.Equal(["192.0.2.10", "192.0.2.12"], Addresses());
    }

    [Fact]
    public async Task A_SIGHUP_while_the_file_is_read_at_start_keeps_the_process_and_reloads_once_it_runs()
    {
        // A named pipe holds the start inside the first read of the file until the test writes it.
        var config = WorkerWorld.WriteConfig(World);
        var content = File.ReadAllBytes(config);
        var pipe = config + ".pipe";
        await ProcessRunner.RunAsync(["mkfifo", pipe], TimeSpan.FromSeconds(10));
        await using var worker = WorkerProcess.Start("process-a", pipe, World.Kubeconfig, WorkerWorld.LeaseNamespace, Timings);
        await using (var writer = await OpenWhenReadAsync(pipe, worker))
        {
            await worker.HangUpAsync();
            await Eventually.WaitAsync(
                () => worker.Logs.Contains("SIGHUP before the configuration was loaded", StringComparison.Ordinal) || worker.HasExited, "the process took the SIGHUP", () => worker.Logs);
            Assert.False(worker.HasExited, worker.Logs);

            // The reload after start reads the path again; the process holds the pipe already.
            File.Move(config, pipe, overwrite: true);
            await writer.WriteAsync(content);
        }

        await Eventually.WaitAsync(() => HeldBy(worker) && World.Slices("web", "legacy-api").Count == 1, "the process leads and has synced", () => worker.Logs);
        await Eventually.WaitAsync(async () => ReloadCount(await ScrapeAsync(worker), "success") == 1, "the kept SIGHUP reloaded the file", () => worker.Logs);
        Assert.Equal(0, ReloadCount(await ScrapeAsync(worker), "failure"));
        Assert.False(worker.HasExited);
    }

    /// <summary>Opening a named pipe for writing returns once the process opened it for reading.</summary>
    private static async Task<FileStream> OpenWhenReadAsync(string pipe, WorkerProcess worker)
    {
        var opening = Task.Run(() => new FileStream(pipe, FileMode.Open, FileAccess.Write));
        try
        {
            return await opening.WaitAsync(Eventually.Limit);
        }
        catch (TimeoutException)
        {
            // Releases the writer still waiting in the open.
            using var reader = new FileStream(pipe, FileMode.Open, FileAccess.Read);
            throw new TimeoutException($"the process never opened its configuration file\n{worker.Logs}");
        }
    }

    private static async Task<string> ScrapeAsync(WorkerProcess worker)
    {
        using var response = await worker.GetAsync("/metrics");
        return await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync();
    }

    /// <summary>The value of <c>external_endpoint_sync_config_reload_total</c> for one result in a scrape, 0 when absent.</summary>
    private static double ReloadCount(string scrape, string result) =>
        MetricsExposition.Sum(scrape, "external_endpoint_sync_config_reload_total", ("result", result));

    private static bool Both(WorkerProcess a, WorkerProcess b, string text) =>
        a.Logs.Contains(text, StringComparison.Ordinal) && b.Logs.Contains(text, StringComparison.Ordinal);

    private string[] Addresses() =>
        [.. World.Slices("web", "legacy-api").SelectMany(static s => s.Endpoints).SelectMany(static e => e.Addresses).Order(StringComparer.Ordinal)];

    private bool HeldBy(WorkerProcess worker) => WorkerWorld.Holder(World).StartsWith(worker.PodName + "_", StringComparison.Ordinal);
}
