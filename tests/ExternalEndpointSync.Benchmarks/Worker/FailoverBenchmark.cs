using System.Diagnostics;
using System.Globalization;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using ExternalEndpointSync.TestSupport.Servers;
using k8s.Models;

namespace ExternalEndpointSync.Benchmarks.Worker;

/// <summary>
/// Two real <c>run</c> processes with the default lease timings (15 s / 10 s / 2 s) against the fake
/// API server: how long until the other replica holds the Lease after the leader gets SIGTERM
/// (it releases the Lease) and after it is killed (the Lease has to expire).
/// </summary>
public sealed class FailoverBenchmark : IBenchmark
{
    private const string LeaseNamespace = "external-endpoint-sync";
    private const string LeaseName = "external-endpoint-sync";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public string Name => "failover";

    public string Description => "two run processes, default lease timings: seconds until the other replica leads after SIGTERM and after SIGKILL of the leader";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var api = await FakeKubernetesApiServer.StartAsync(cancellationToken);
        api.Store.Seed(new V1Namespace { Metadata = new V1ObjectMeta { Name = LeaseNamespace } });
        api.Store.Seed(new V1Namespace { Metadata = new V1ObjectMeta { Name = "web" } });
        var directory = Directory.CreateTempSubdirectory("ees-failover-").FullName;
        try
        {
            var config = Path.Combine(directory, "config.yaml");
            await File.WriteAllTextAsync(config, """
                apiVersion: externalendpoints.io/v1alpha1
                kind: SyncConfig
                services:
                  - name: legacy-api
                    namespace: web
                    ports: [ { name: http, port: 80 } ]
                    source: { static: { addresses: [ 192.0.2.10 ] } }

                """, cancellationToken);
            WorkerProcess Start(string pod) => WorkerProcess.Start(pod, config, api.WriteKubeconfig(directory, pod), LeaseNamespace);

            await using var a = Start("replica-a");
            await using var b = Start("replica-b");
            var (leader, follower) = await LeaderAndFollowerAsync(api, a, b, cancellationToken);
            await leader.TerminateAsync();
            var afterTerm = await TakeoverAsync(api, follower, cancellationToken);

            await using var c = Start("replica-c");
            await WaitAsync(() => api.Requests.Count("get", "leases") > 0 && Holder(api).StartsWith(follower.PodName + "_", StringComparison.Ordinal), cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
            await follower.KillAsync();
            var afterKill = await TakeoverAsync(api, c, cancellationToken);

            await output.WriteLineAsync("failover: two run processes against the fake API server on 127.0.0.1, lease 15 s, renew deadline 10 s, retry 2 s");
            await output.WriteLineAsync(Invariant($"after SIGTERM of the leader (Lease released): {afterTerm.TotalSeconds:F2} s until the other holds the Lease (bound: about one retry period)"));
            await output.WriteLineAsync(Invariant($"after SIGKILL of the leader (no release):     {afterKill.TotalSeconds:F2} s until the other holds the Lease (bound: the lease duration after the renewal the other last saw, plus up to a jittered retry period)"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Holder(FakeKubernetesApiServer api) => api.Store.Get<V1Lease>(LeaseNamespace, LeaseName)?.Spec.HolderIdentity ?? string.Empty;

    private static async Task<(WorkerProcess Leader, WorkerProcess Follower)> LeaderAndFollowerAsync(
        FakeKubernetesApiServer api, WorkerProcess a, WorkerProcess b, CancellationToken cancellationToken)
    {
        bool Holds(WorkerProcess w) => Holder(api).StartsWith(w.PodName + "_", StringComparison.Ordinal);
        await WaitAsync(() => (Holds(a) || Holds(b)) && api.Store.List<V1EndpointSlice>("web").Count == 1, cancellationToken);
        // Both must be running their elector before the leader goes, or the takeover measures a start-up.
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        return Holds(a) ? (a, b) : (b, a);
    }

    private static async Task<TimeSpan> TakeoverAsync(FakeKubernetesApiServer api, WorkerProcess successor, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await WaitAsync(() => Holder(api).StartsWith(successor.PodName + "_", StringComparison.Ordinal), cancellationToken);
        return clock.Elapsed;
    }

    private static async Task WaitAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Patience)
            {
                throw new TimeoutException($"not within {Patience.TotalSeconds} s");
            }

            await Task.Delay(10, cancellationToken);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
