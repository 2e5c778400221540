using System.Diagnostics.Metrics;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Cluster.Watch;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.ConfigFile;
using ExternalEndpointSync.Registrations.Policy;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.Reporting.Metrics;
using ExternalEndpointSync.Sync;
using ExternalEndpointSync.Tests.Registrations.Resources;
using ExternalEndpointSync.TestSupport.Deploy;
using ExternalEndpointSync.TestSupport.Dns;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>
/// The ExternalService policy end to end: registrations with a <see cref="ResourceOrigin"/> (as the
/// ExternalService watch announces them) synced by the engine against the fake API server with the
/// RBAC of the worker and crd overlays, a real dnsmasq answering with addresses in the cluster's
/// own networks, and the cluster's networks read from its Nodes and ServiceCIDRs (listed by a one-shot
/// sync, watched by the worker).
/// </summary>
public sealed class ExternalServicePolicyTests : IAsyncLifetime
{
    private const string Zone = "e2e.test";
    private const string PodCidr = "10.244.1.0/24";
    private const string NodeAddress = "192.168.10.5";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("policy-e2e-");
    private FakeKubernetesApiServer _api = null!;
    private DnsmasqServer _dns = null!;

    public async Task InitializeAsync()
    {
        _dns = await DnsmasqServer.StartAsync(new DnsmasqRecords().LocalDomain(Zone)
            .Host($"db.{Zone}", 30, "10.244.1.7", "169.254.169.254", "192.0.2.10"));
        _api = await StartApiAsync(serveServiceCidrs: true);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _dns.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task Only_addresses_outside_the_clusters_networks_are_published_for_external_services_and_refused_ones_are_reported()
    {
        var policy = """
            externalServices:
              namespaceSelector: { matchLabels: { external-services: allowed } }
            """;
        var admin = Entry("admin", "default", "static: { addresses: [ 10.244.1.8 ] }");
        var config = Load(policy, admin);
        var registrations = config.Services.Concat(
        [
            await ResourceAsync(Entry("db", "team-a", $"dns: {{ name: db.{Zone}, nameservers: [ \"{_dns.Nameserver}\" ], timeout: 300ms, retries: 1 }}")),
            await ResourceAsync(Entry("legacy", "team-a", $"static: {{ addresses: [ 10.96.0.50, {NodeAddress}, 192.0.2.20, \"::ffff:10.244.1.9\" ] }}")),
            await ResourceAsync(Entry("other", "team-b", "static: { addresses: [ 192.0.2.30 ] }")),
            await ResourceAsync("  - name: kube\n    namespace: team-a\n    type: ExternalName\n    externalName: kubernetes.default.svc.cluster.local\n"),
        ]).ToList();
        await using var provider = Pipeline(config);

        var report = await provider.GetRequiredService<SyncEngine>().SyncOnceAsync(registrations, new SyncOptions(), CancellationToken.None);

        Assert.Equal(["192.0.2.10"], Addresses("team-a", "db"));
        Assert.Equal(
            [("10.244.1.7", $"in the cluster's pod network {PodCidr}"), ("169.254.169.254", "the cloud metadata address")],
            Service(report, "team-a/db").RefusedAddresses.Select(static r => (r.Address, r.Reason)).Order());
        Assert.Equal(ServiceStatus.Synced, Service(report, "team-a/db").Status);

        Assert.Equal(["192.0.2.20"], Addresses("team-a", "legacy"));
        Assert.Equal(
            [("10.96.0.50", $"in the cluster's Service network {FakeKubernetesApiServer.ServiceRangeV4}"), (NodeAddress, "the address of a cluster node"), ("::ffff:10.244.1.9", $"in the cluster's pod network {PodCidr}")],
            Service(report, "team-a/legacy").RefusedAddresses.Select(static r => (r.Address, r.Reason)).Order());

        var other = Service(report, "team-b/other");
        Assert.Equal(ServiceStatus.Refused, other.Status);
        Assert.Contains("namespace team-b may not register ExternalServices", other.RefusalReason, StringComparison.Ordinal);
        Assert.Null(_api.Store.Get<V1Service>("team-b", "other"));

        var kube = Service(report, "team-a/kube");
        Assert.Equal(ServiceStatus.Refused, kube.Status);
        Assert.Contains("externalName kubernetes.default.svc.cluster.local is an in-cluster name", kube.RefusalReason, StringComparison.Ordinal);
        Assert.Null(_api.Store.Get<V1Service>("team-a", "kube"));

        // The admin's own registration is not held to the policy.
        Assert.Equal(["10.244.1.8"], Addresses("default", "admin"));
        Assert.Empty(Service(report, "default/admin").RefusedAddresses);

        Assert.Equal((1, 1, 1), (_api.Requests.Count("list", "nodes"), _api.Requests.Count("list", "servicecidrs"), _api.Requests.Count("list", "namespaces")));
        var exercised = _api.Authorization!.Exercised;
        Assert.Contains(new RbacGrant(string.Empty, "nodes", "list"), exercised);
        Assert.Contains(new RbacGrant(string.Empty, "namespaces", "list"), exercised);
        Assert.Contains(new RbacGrant("networking.k8s.io", "servicecidrs", "list"), exercised);
    }

    [Fact]
    public async Task A_one_shot_sync_lists_the_cluster_facts_once_and_only_when_it_has_an_external_service_to_judge()
    {
        var config = Load("externalServices: {}", Entry("admin", "default", "static: { addresses: [ 192.0.2.1 ] }"));
        await using var provider = Pipeline(config);
        var engine = provider.GetRequiredService<SyncEngine>();

        await engine.SyncOnceAsync(config.Services, new SyncOptions(), CancellationToken.None);
        Assert.Equal(0, _api.Requests.Count("list", "nodes") + _api.Requests.Count("list", "servicecidrs") + _api.Requests.Count("list", "namespaces"));

        var withResource = config.Services.Append(await ResourceAsync(Entry("db", "team-a", "static: { addresses: [ 192.0.2.2 ] }"))).ToList();
        await engine.SyncOnceAsync(withResource, new SyncOptions(), CancellationToken.None);

        Assert.Equal((1, 1), (_api.Requests.Count("list", "nodes"), _api.Requests.Count("list", "servicecidrs")));
        Assert.Equal(0, _api.Requests.Count("list", "namespaces"));
        Assert.Equal(["192.0.2.2"], Addresses("team-a", "db"));
    }

    [Fact]
    public async Task Watched_cluster_facts_are_listed_once_for_many_syncs_with_the_rights_of_the_crd_overlay()
    {
        var config = Load("externalServices:\n  namespaceSelector: { matchLabels: { external-services: allowed } }", "");
        await using var facts = WatchedFacts.Start(_api, watchNamespaces: true);
        await using var provider = Pipeline(config, facts: facts.Cache);
        var engine = provider.GetRequiredService<SyncEngine>();
        var resource = await ResourceAsync(Entry("db", "team-a", "static: { addresses: [ 192.0.2.2, 10.244.1.3 ] }"));

        for (var i = 0; i < 3; i++)
        {
            var report = await engine.SyncOnceAsync([resource], new SyncOptions(), CancellationToken.None);
            Assert.Equal(["10.244.1.3"], Service(report, "team-a/db").RefusedAddresses.Select(static r => r.Address));
        }

        Assert.Equal(["192.0.2.2"], Addresses("team-a", "db"));
        Assert.Equal((1, 1, 1), (_api.Requests.Count("list", "nodes"), _api.Requests.Count("list", "servicecidrs"), _api.Requests.Count("list", "namespaces")));
        var exercised = _api.Authorization!.Exercised;
        Assert.Contains(new RbacGrant(string.Empty, "nodes", "watch"), exercised);
        Assert.Contains(new RbacGrant(string.Empty, "namespaces", "watch"), exercised);
        Assert.Contains(new RbacGrant("networking.k8s.io", "servicecidrs", "watch"), exercised);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Where_service_cidrs_are_not_served_the_configured_service_network_is_refused(bool watched)
    {
        await using var older = await StartApiAsync(serveServiceCidrs: false);
        var config = Load("externalServices:\n  clusterNetworks: { serviceCidrs: [ 10.96.0.0/12 ] }", "");
        await using var facts = watched ? WatchedFacts.Start(older, watchNamespaces: false) : null;
        await using var provider = Pipeline(config, older, facts?.Cache);

        var report = await provider.GetRequiredService<SyncEngine>().SyncOnceAsync(
            [await ResourceAsync(Entry("legacy", "team-a", "static: { addresses: [ 10.100.0.1, 192.0.2.20 ] }"), older)], new SyncOptions(), CancellationToken.None);

        var legacy = Service(report, "team-a/legacy");
        Assert.Equal(ServiceStatus.Synced, legacy.Status);
        Assert.Equal([new RefusedAddress("10.100.0.1", "in the cluster's Service network 10.96.0.0/12")], legacy.RefusedAddresses);
        Assert.Equal(["192.0.2.20"], older.Store.List<V1EndpointSlice>("team-a").SelectMany(static s => s.Endpoints).SelectMany(static e => e.Addresses));
    }

    [Fact]
    public async Task An_external_service_refused_after_it_was_published_has_its_objects_removed()
    {
        var config = Load("externalServices:\n  namespaces: [ team-a ]", "");
        var resource = await ResourceAsync(Entry("db", "team-a", "static: { addresses: [ 192.0.2.2 ] }"));
        await using var provider = Pipeline(config);
        var engine = provider.GetRequiredService<SyncEngine>();
        await engine.SyncOnceAsync([resource], new SyncOptions(), CancellationToken.None);
        Assert.Equal(["192.0.2.2"], Addresses("team-a", "db"));

        var refusedSource = resource with { Source = new ConsulSourceSpec { Service = "db" } };
        var report = await engine.SyncOnceAsync([refusedSource], new SyncOptions(), CancellationToken.None);

        var db = Service(report, "team-a/db");
        Assert.Equal(ServiceStatus.Refused, db.Status);
        Assert.Equal(2, db.Deleted);
        Assert.Null(_api.Store.Get<V1Service>("team-a", "db"));
        Assert.Empty(_api.Store.List<V1EndpointSlice>("team-a"));
    }

    private static async Task<FakeKubernetesApiServer> StartApiAsync(bool serveServiceCidrs)
    {
        var api = await FakeKubernetesApiServer.StartAsync(new FakeApiServerOptions
        {
            ServeServiceCidrs = serveServiceCidrs,
            Rbac = new RbacOptions { Manifests = $"{DeployManifests.RenderOverlay("worker")}\n---\n{DeployManifests.RenderOverlay("crd")}" },
        });
        api.Store.Seed(new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta { Name = "node-1" },
            Spec = new V1NodeSpec { PodCIDR = PodCidr, PodCIDRs = [PodCidr] },
            Status = new V1NodeStatus { Addresses = [new V1NodeAddress { Type = "InternalIP", Address = NodeAddress }, new V1NodeAddress { Type = "Hostname", Address = "node-1" }] },
        });
        using (var admin = api.CreateAdminClient())
        {
            await ExternalServiceCluster.InstallCrdAsync(admin);
        }

        foreach (var (name, allowed) in new[] { ("team-a", true), ("team-b", false) })
        {
            api.Store.Seed(new V1Namespace
            {
                ApiVersion = "v1",
                Kind = "Namespace",
                Metadata = new V1ObjectMeta { Name = name, Labels = allowed ? new Dictionary<string, string> { ["external-services"] = "allowed" } : null },
            });
        }

        return api;
    }

    private ServiceProvider Pipeline(SyncConfig config, FakeKubernetesApiServer? api = null, ClusterFactsCache? facts = null)
    {
        var client = (api ?? _api).CreateClient();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSyncPipeline(config, new SyncOptions()).AddOneShotHealth().AddKubernetesApplier(client).AddClusterFacts(facts);
        return services.BuildServiceProvider();
    }

    private IReadOnlyList<string> Addresses(string ns, string service) =>
        [.. _api.Store.List<V1EndpointSlice>(ns)
            .Where(s => s.Metadata.Labels["kubernetes.io/service-name"] == service)
            .SelectMany(static s => s.Endpoints)
            .SelectMany(static e => e.Addresses)];

    private static ServiceReport Service(SyncReport report, string key) => report.Services.Single(s => s.Key.ToString() == key);

    private static string Entry(string name, string ns, string source) =>
        $"  - name: {name}\n    namespace: {ns}\n    ports: [ {{ name: http, port: 80 }} ]\n    source: {{ {source} }}\n";

    private static SyncConfig Load(string section, string services)
    {
        var list = services.Length == 0 ? "services: []\n" : $"services:\n{services}";
        var result = ConfigLoader.Load($"apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\n{section}\n{list}", "policy.yaml");
        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        return result.Config!;
    }

    /// <summary>
    /// A registration as the ExternalService watch announces one: the spec parsed like a file entry, its
    /// origin an ExternalService created in <paramref name="api"/> (the objects written for it are owned by it).
    /// </summary>
    private async Task<ExternalServiceSpec> ResourceAsync(string entry, FakeKubernetesApiServer? api = null)
    {
        var spec = Assert.Single(Load("", entry).Services);
        using var admin = (api ?? _api).CreateAdminClient();
        var created = await ExternalServiceCluster.CreateAsync(admin, spec.Namespace, spec.Name, ExternalServiceCluster.StaticSpec("192.0.2.1"));
        return spec with { Origin = created.Origin };
    }

    /// <summary>The worker's watch cache of the cluster facts, running until disposed.</summary>
    private sealed class WatchedFacts : IAsyncDisposable
    {
        private readonly ServiceProvider meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        private readonly IKubernetes client;
        private readonly CancellationTokenSource stop = new();
        private readonly Task running;

        private WatchedFacts(FakeKubernetesApiServer api, bool watchNamespaces)
        {
            client = api.CreateClient();
            Cache = new ClusterFactsCache(
                client, watchNamespaces, new ResourceInformerOptions(), TimeProvider.System,
                new SyncMetrics(meters.GetRequiredService<IMeterFactory>(), TimeProvider.System), NullLoggerFactory.Instance);
            running = Cache.RunAsync(stop.Token);
        }

        public ClusterFactsCache Cache { get; }

        public static WatchedFacts Start(FakeKubernetesApiServer api, bool watchNamespaces) => new(api, watchNamespaces);

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await running;
            stop.Dispose();
            client.Dispose();
            await meters.DisposeAsync();
        }
    }
}
