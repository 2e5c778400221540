using System.Diagnostics;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s.Models;

namespace ExternalEndpointSync.Benchmarks.Scale;

/// <summary>
/// The worker (<c>run</c>, its own process) at the scale configuration against the fake API
/// server that the one-shot runs left in step: the first sync after start, a full resync (every
/// service re-planned once by its own 30 s schedule), one service changed in the file (found by the 1 s content poll; SIGHUP stopped the process here), and the
/// resident memory after a series of such changes. It measures whatever <c>run</c> does.
/// </summary>
public sealed class RunScale(string directory, FakeKubernetesApiServer api)
{
    private const int ChurnChanges = 10;
    private const string LeaseNamespace = "external-endpoint-sync";
    private static readonly TimeSpan ResyncInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3);

    /// <summary>CPU and API requests of one full resync, for the side-by-side comparison.</summary>
    public (TimeSpan Cpu, string Requests) Resync { get; private set; }

    public async Task RunAsync(TextWriter output, string configPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var kubeconfig = api.WriteKubeconfig(directory);
        if (api.Store.Get<V1Namespace>("", LeaseNamespace) is null)
        {
            api.Store.Seed(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = LeaseNamespace } });
        }

        await File.WriteAllTextAsync(configPath, ScaleConfigFile.Render(), cancellationToken);
        await output.WriteLineAsync(Figure.Invariant($"run: the worker in its own process, {ScaleConfigFile.Services} services already in step in the fake API server; CPU from /proc (10 ms ticks), resync every {ResyncInterval.TotalSeconds:F0} s per service"));
        api.Requests.Reset();
        api.Writes.Reset();
        await using var worker = WorkerUnderTest.Start(directory, configPath, kubeconfig, LeaseNamespace);
        var clock = Stopwatch.StartNew();
        await worker.WaitReadyAsync(TimeSpan.FromMinutes(5), cancellationToken);
        await WaitQuietAsync(cancellationToken);
        var startCpu = worker.Cpu();
        await Figure.WriteAsync(output, "start and first sync: CPU", Figure.Invariant($"{startCpu.TotalSeconds:F2} s ({clock.Elapsed.TotalSeconds:F0} s wall, noisy)"), "-");
        await output.WriteLineAsync($"    API requests: {api.Requests}");

        api.Requests.Reset();
        api.Writes.Reset();
        var before = worker.Cpu();
        await Task.Delay(ResyncInterval, cancellationToken);
        var resyncCpu = worker.Cpu() - before;
        Resync = (resyncCpu, api.Requests.ToString());
        await Figure.WriteAsync(output, "full resync (one 30 s interval): CPU", Figure.Seconds(resyncCpu), "< 0.3 s with zero API calls");
        await Figure.WriteAsync(output, "full resync: API requests", api.Requests.ToString(), "0", "sync --once every cycle: 41 (3 paged lists)");
        await Figure.WriteAsync(output, "full resync: writes", api.Writes.ToString(), "0 (lease renewals aside)");

        var rssAfterStart = worker.RssMiB();
        TimeSpan firstChangeCpu = default;
        string firstChangeRequests = "";
        var firstChangeWrites = 0;
        for (var change = 0; change < ChurnChanges; change++)
        {
            await WaitQuietAsync(cancellationToken);
            api.Requests.Reset();
            api.Writes.Reset();
            before = worker.Cpu();
            await File.WriteAllTextAsync(configPath, ScaleConfigFile.Render(changedService: change * 997 % ScaleConfigFile.Services), cancellationToken);
            await WaitForSliceUpdatesAsync(worker, change == 0 ? 1 : 2, cancellationToken);
            await WaitQuietAsync(cancellationToken);
            if (change == 0)
            {
                firstChangeCpu = worker.Cpu() - before;
                firstChangeRequests = api.Requests.ToString();
                firstChangeWrites = api.Writes.Count("update", "endpointslices");
            }
        }

        await Figure.WriteAsync(output, "one service changed (file reload): CPU", Figure.Seconds(firstChangeCpu), "< 5 ms", "includes the 1 s poll hashing and re-reading the whole 2.6 MB file");
        await Figure.WriteAsync(output, "one service changed: slice updates", firstChangeWrites.ToString(System.Globalization.CultureInfo.InvariantCulture), "1");
        await Figure.WriteAsync(output, "one service changed: API requests", firstChangeRequests, "1 write, zero lists");
        var rssAfterChurn = worker.RssMiB();
        await Figure.WriteAsync(output, "RSS after start / peak", Figure.Invariant($"{rssAfterStart.Now:F0} / {rssAfterStart.Peak:F0} MiB"), "< 256 MB");
        await Figure.WriteAsync(output, Figure.Invariant($"RSS after {ChurnChanges} changes / peak"), Figure.Invariant($"{rssAfterChurn.Now:F0} / {rssAfterChurn.Peak:F0} MiB"), "flat (an hour of churn is not simulated here)");
        await Figure.WriteAsync(output, "stderr", Figure.Invariant($"{worker.StderrBytes:N0} bytes"), "small");
        await File.WriteAllTextAsync(configPath, ScaleConfigFile.Render(), cancellationToken);
    }

    /// <summary>
    /// Until no request but lease renewals (every 2 s, which would never let it be quiet) has
    /// reached the fake for <see cref="Quiet"/>, or a minute has passed.
    /// </summary>
    private async Task WaitQuietAsync(CancellationToken cancellationToken)
    {
        var last = -1;
        var stable = Stopwatch.StartNew();
        var waited = Stopwatch.StartNew();
        while (stable.Elapsed < Quiet && waited.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(250, cancellationToken);
            var now = api.Requests.Total - api.Requests.Count("get", "leases") - api.Requests.Count("update", "leases");
            if (now != last)
            {
                last = now;
                stable.Restart();
            }
        }
    }

    private async Task WaitForSliceUpdatesAsync(WorkerUnderTest worker, int writes, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            while (api.Writes.Count("update", "endpointslices") < writes)
            {
                await Task.Delay(50, limit.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"expected {writes} writes within 2 minutes, the fake saw {api.Writes}:\n{worker.StderrTail}");
        }
    }
}
