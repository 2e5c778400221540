using ExternalEndpointSync.Registrations.Resources;
using ExternalEndpointSync.Tests.EndToEnd;
using ExternalEndpointSync.Tests.Registrations.Resources;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Tests.Worker;

/// <summary>
/// The ExternalServices' cache of <c>run</c> lives for the process on every replica, as the owned
/// objects' does: followers keep it warm, so a new leader lists no ExternalService and writes
/// nothing that is already right. It watches only the namespaces the admin's policy lists by name,
/// one by one; with a namespace selector, every namespace at once. Against the fake with RBAC on.
/// </summary>
public sealed class ExternalServiceCacheWorkerTests : IAsyncLifetime
{
    private const string Resource = "externalservices";
    private readonly SyncWorld world = new(new FakeApiServerOptions { Rbac = RbacOptions.ForRepositoryWithExternalServices() });
    private IKubernetes admin = null!;

    public async Task InitializeAsync()
    {
        await world.InitializeAsync();
        foreach (var name in new[] { "team-a", "team-b", "team-c" })
        {
            world.Api.Store.Seed(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["team"] = name } } });
        }

        admin = world.Api.CreateAdminClient();
        await ExternalServiceCluster.InstallCrdAsync(admin);
    }

    public async Task DisposeAsync()
    {
        admin.Dispose();
        await world.DisposeAsync();
    }

    [Fact]
    public async Task Followers_keep_the_external_services_warm_so_a_new_leader_lists_none_and_writes_nothing_already_right()
    {
        var config = Config("{ enabled: true }");
        await using var a = WorkerReplica.Start("replica-a", config, world.Kubeconfig);
        await using var b = WorkerReplica.Start("replica-b", config, world.Kubeconfig);
        await Eventually.WaitAsync(
            () => WorkerWorld.Leader(world, a, b) is { Status.FirstSyncDone: true } && a.Status.IsReady && b.Status.IsReady,
            "a replica leads and has synced, both are ready",
            () => a.Logs + b.Logs);
        var leader = WorkerWorld.Leader(world, a, b)!;
        var follower = leader == a ? b : a;
        await ExternalServiceCluster.CreateAsync(admin, "team-a", "orders", ExternalServiceCluster.StaticSpec("192.0.2.10"));
        await Eventually.WaitAsync(async () => await ReadyAsync("orders") && world.Slices("team-a", "orders").Count == 1, "orders is published and ready", () => leader.Logs);
        Assert.Equal(2, world.Api.Requests.Count("list", Resource));

        // Created while this replica follows: its watch brings it, and the new leader starts from it.
        await ExternalServiceCluster.CreateAsync(admin, "team-b", "billing", ExternalServiceCluster.StaticSpec("192.0.2.20"));
        await Eventually.WaitAsync(async () => await ReadyAsync("billing", "team-b"), "billing is published and ready", () => leader.Logs);
        world.Api.Requests.Reset();
        world.Api.Writes.Reset();

        Assert.Equal(0, await leader.StopAsync());
        await Eventually.WaitAsync(() => follower.Status is { IsLeading: true, FirstSyncDone: true }, "the follower took over and synced", () => follower.Logs);
        var synced = SyncedCount(follower);
        await Eventually.WaitAsync(() => SyncedCount(follower) >= synced + 2, "two more syncs of the new leader", () => follower.Logs);

        Assert.Equal(0, world.Api.Requests.Count("list", Resource));
        Assert.Equal(0, world.Api.Writes.Count("update", $"{Resource}/status"));
        Assert.Equal(0, OwnedWrites());
        Assert.Equal(["192.0.2.10"], Addresses("team-a", "orders"));
    }

    [Fact]
    public async Task With_namespaces_listed_by_name_only_those_are_listed_and_watched_one_by_one()
    {
        await using var worker = await StartAsync(Config("{ enabled: true, namespaces: [team-a, team-b] }"));
        await ExternalServiceCluster.CreateAsync(admin, "team-b", "billing", ExternalServiceCluster.StaticSpec("192.0.2.20"));
        await Eventually.WaitAsync(async () => await ReadyAsync("billing", "team-b"), "billing is published and ready", () => worker.Logs);

        Assert.Equal((1, 1, 0), (world.Api.Requests.CountAt("list", Resource, "team-a"), world.Api.Requests.CountAt("list", Resource, "team-b"), world.Api.Requests.CountAt("list", Resource, null)));
        Assert.True(world.Api.Requests.CountAt("watch", Resource, "team-a") >= 1 && world.Api.Requests.CountAt("watch", Resource, "team-b") >= 1, world.Api.Requests.ToString());
        Assert.Equal((0, 0), (world.Api.Requests.CountAt("watch", Resource, null), world.Api.Requests.CountAt("list", Resource, "team-c")));
        Assert.Equal(world.Api.Requests.Count("watch", Resource), world.Api.Requests.CountAt("watch", Resource, "team-a") + world.Api.Requests.CountAt("watch", Resource, "team-b"));
    }

    [Fact]
    public async Task With_a_namespace_selector_every_namespace_is_listed_and_watched_at_once()
    {
        await using var worker = await StartAsync(Config("{ enabled: true, namespaces: [team-a], namespaceSelector: { matchLabels: { team: team-c } } }"));
        await ExternalServiceCluster.CreateAsync(admin, "team-c", "catalog", ExternalServiceCluster.StaticSpec("192.0.2.30"));
        await Eventually.WaitAsync(async () => await ReadyAsync("catalog", "team-c"), "catalog is published and ready", () => worker.Logs);

        Assert.Equal((1, 1), (world.Api.Requests.Count("list", Resource), world.Api.Requests.CountAt("list", Resource, null)));
        Assert.Equal(world.Api.Requests.Count("watch", Resource), world.Api.Requests.CountAt("watch", Resource, null));
    }

    private string Config(string policy) => world.WriteConfig("  []\n", $"externalServices: {policy}\ndefaults: {{ resyncInterval: 1s }}\n");

    private async Task<WorkerReplica> StartAsync(string config)
    {
        var worker = WorkerReplica.Start("crd-0", config, world.Kubeconfig);
        await Eventually.WaitAsync(() => worker.Status.IsLeading && worker.Status.FirstSyncDone, "the worker leads and syncs", () => worker.Logs);
        return worker;
    }

    private async Task<bool> ReadyAsync(string name, string @namespace = "team-a") =>
        (await ExternalServiceCluster.ReadAsync(admin, @namespace, name)).Status?.Conditions?.FirstOrDefault(static c => c.Type == "Ready")?.Status == "True";

    private static int SyncedCount(WorkerReplica worker) => worker.Logs.Split('\n').Count(static l => l.Contains("LeaderSyncTerm: Synced ", StringComparison.Ordinal));

    private int OwnedWrites() =>
        new[] { "create", "update", "patch", "delete" }.Sum(verb => new[] { "services", "endpointslices", "endpoints" }.Sum(resource => world.Api.Writes.Count(verb, resource)));

    private List<string> Addresses(string @namespace, string service) =>
        [.. world.Slices(@namespace, service).SelectMany(static s => s.Endpoints).SelectMany(static e => e.Addresses).Order(StringComparer.Ordinal)];
}
