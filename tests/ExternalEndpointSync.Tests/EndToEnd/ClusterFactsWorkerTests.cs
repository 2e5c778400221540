using ExternalEndpointSync.Registrations.Resources;
using ExternalEndpointSync.Tests.Registrations.Resources;
using ExternalEndpointSync.Tests.Worker;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>
/// The <c>run</c> worker with ExternalServices on holds them to the cluster's facts from its watch
/// caches of Nodes, Namespaces and ServiceCIDRs, against the fake with the RBAC of the worker and crd
/// overlays: a steady state lists none of them again, and a Node with a new pod CIDR or a
/// relabelled namespace re-plans the ExternalServices it concerns at once (the resync interval is
/// an hour), with no list.
/// </summary>
public sealed class ClusterFactsWorkerTests : IAsyncLifetime
{
    private const string TeamA = "team-a";
    private const string Admitting = "externalServices:\n  namespaceSelector: { matchLabels: { external-services: allowed } }\n";
    private static readonly string[] Facts = ["nodes", "namespaces", "servicecidrs"];
    private readonly SyncWorld world = new(new FakeApiServerOptions { Rbac = RbacOptions.ForRepositoryWithExternalServices() });
    private IKubernetes admin = null!;

    public async Task InitializeAsync()
    {
        await world.InitializeAsync();
        world.Api.Store.Seed(new V1Namespace
        {
            ApiVersion = "v1",
            Kind = "Namespace",
            Metadata = new V1ObjectMeta { Name = TeamA, Labels = new Dictionary<string, string> { ["external-services"] = "allowed" } },
        });
        world.Api.Store.Seed(Node("node-1", "10.244.1.0/24"));
        admin = world.Api.CreateAdminClient();
        await ExternalServiceCluster.InstallCrdAsync(admin);
    }

    public async Task DisposeAsync()
    {
        admin.Dispose();
        await world.DisposeAsync();
    }

    [Fact]
    public async Task A_steady_state_with_resyncs_lists_no_nodes_namespaces_or_service_cidrs_after_the_first_lists()
    {
        await using var worker = await StartWorkerAsync(world.WriteConfig("  []\n", Admitting + "defaults: { resyncInterval: 1s }\n"));
        await ExternalServiceCluster.CreateAsync(admin, TeamA, "orders", ExternalServiceCluster.StaticSpec("192.0.2.50"));
        await ReadyAsync("orders", worker);
        Assert.Equal([1, 1, 1], Facts.Select(r => world.Api.Requests.Count("list", r)));
        Assert.True(worker.Status.CacheSynced);

        world.Api.Requests.Reset();
        var synced = SyncedCount(worker);
        // Resyncs every second, and watches the fake ends after 2–4 s: the caches re-watch, never re-list.
        await Eventually.WaitAsync(() => SyncedCount(worker) >= synced + 5, "five more resyncs", () => worker.Logs);

        Assert.Equal([0, 0, 0], Facts.Select(r => world.Api.Requests.Count("list", r)));
        Assert.Equal(["192.0.2.50"], Addresses("orders"));
    }

    [Fact]
    public async Task A_node_added_with_a_pod_cidr_covering_a_published_address_removes_it_with_one_write_and_no_list()
    {
        await using var worker = await StartWorkerAsync(world.WriteConfig("  []\n", Admitting + "defaults: { resyncInterval: 1h }\n"));
        await ExternalServiceCluster.CreateAsync(admin, TeamA, "legacy", ExternalServiceCluster.StaticSpec("10.244.5.7", "192.0.2.51"));
        await ReadyAsync("legacy", worker);
        Assert.Equal(["10.244.5.7", "192.0.2.51"], Addresses("legacy"));
        world.Api.Writes.Reset();
        world.Api.Requests.Reset();

        await admin.CoreV1.CreateNodeAsync(Node("node-2", "10.244.5.0/24"));

        await Eventually.WaitAsync(() => Addresses("legacy").SequenceEqual(["192.0.2.51"]), "the address in the new pod CIDR is withdrawn", () => worker.Logs);
        var status = await StatusAsync("legacy", static s => s.RefusedAddresses is { Count: 1 }, worker);
        Assert.Equal("10.244.5.7", status.RefusedAddresses![0].Address);
        Assert.Equal(1, WritesOfPublishedObjects());
        Assert.Equal(1, world.Api.Writes.Count("update", "endpointslices"));
        Assert.Equal(0, world.Api.Requests.Lists);
    }

    [Fact]
    public async Task A_namespace_relabelled_out_of_the_selector_has_its_external_services_refused_and_removed_without_a_list()
    {
        await using var worker = await StartWorkerAsync(world.WriteConfig("  []\n", Admitting + "defaults: { resyncInterval: 1h }\n"));
        await ExternalServiceCluster.CreateAsync(admin, TeamA, "orders", ExternalServiceCluster.StaticSpec("192.0.2.52"));
        await ReadyAsync("orders", worker);
        world.Api.Requests.Reset();

        var ns = await admin.CoreV1.ReadNamespaceAsync(TeamA);
        ns.Metadata.Labels["external-services"] = "denied";
        await admin.CoreV1.ReplaceNamespaceAsync(ns, TeamA);

        var status = await StatusAsync("orders", static s => s.Conditions?.FirstOrDefault(static c => c.Type == "Ready") is { Status: "False", Reason: "Refused" }, worker);
        Assert.Contains("namespace team-a may not register ExternalServices", status.Conditions![0].Message, StringComparison.Ordinal);
        await Eventually.WaitAsync(() => world.Api.Store.Get<V1Service>(TeamA, "orders") is null, "the refused service's objects are deleted", () => worker.Logs);
        Assert.Empty(world.Slices(TeamA, "orders"));
        Assert.Equal(0, world.Api.Requests.Lists);
    }

    private static V1Node Node(string name, string podCidr) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1NodeSpec { PodCIDR = podCidr, PodCIDRs = [podCidr] },
        Status = new V1NodeStatus { Addresses = [new V1NodeAddress { Type = "InternalIP", Address = "192.168.10.5" }] },
    };

    private static int SyncedCount(WorkerReplica worker) => worker.Logs.Split('\n').Count(static l => l.Contains("LeaderSyncTerm: Synced ", StringComparison.Ordinal));

    private int WritesOfPublishedObjects() =>
        new[] { "create", "update", "patch", "delete" }.Sum(verb => new[] { "services", "endpointslices", "endpoints" }.Sum(r => world.Api.Writes.Count(verb, r)));

    private async Task<WorkerReplica> StartWorkerAsync(string config)
    {
        var worker = WorkerReplica.Start("facts-0", config, world.Kubeconfig);
        await Eventually.WaitAsync(() => worker.Status.IsLeading && worker.Status.FirstSyncDone, "the worker leads and syncs", () => worker.Logs);
        return worker;
    }

    private Task<ExternalServiceStatus> ReadyAsync(string name, WorkerReplica worker) =>
        StatusAsync(name, static s => s.Conditions?.FirstOrDefault(static c => c.Type == "Ready")?.Status == "True", worker);

    private async Task<ExternalServiceStatus> StatusAsync(string name, Func<ExternalServiceStatus, bool> condition, WorkerReplica worker)
    {
        ExternalServiceStatus? status = null;
        await Eventually.WaitAsync(
            async () => (status = (await ExternalServiceCluster.ReadAsync(admin, TeamA, name)).Status) is { } s && condition(s),
            $"the status of {name}",
            () => $"{(status is null ? "(no status)" : KubernetesJson.Serialize(status))}\n{worker.Logs}");
        return status!;
    }

    private List<string> Addresses(string service) =>
        [.. world.Slices(TeamA, service).SelectMany(static s => s.Endpoints).SelectMany(static e => e.Addresses).Order(StringComparer.Ordinal)];
}
