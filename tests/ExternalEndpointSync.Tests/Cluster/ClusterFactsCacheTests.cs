using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Cluster.Watch;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Reporting.Metrics;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace ExternalEndpointSync.Tests.Cluster;

/// <summary>
/// The cluster facts from watch caches of Nodes, ServiceCIDRs and Namespaces, against the fake API
/// server on real time with watches it ends after a second or two: one list per kind, then reads
/// from memory; a change of the facts is told, a change of anything else is not; ServiceCIDRs that
/// are not served are asked of discovery once.
/// </summary>
public sealed class ClusterFactsCacheTests : IAsyncLifetime
{
    private static readonly ResourceInformerOptions Short = new()
    {
        MinWatchTimeout = TimeSpan.FromSeconds(1),
        BackoffBase = TimeSpan.FromMilliseconds(20),
        BackoffMax = TimeSpan.FromMilliseconds(100),
    };

    private readonly ServiceProvider meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly Channel<ClusterFactsChange> changes = Channel.CreateUnbounded<ClusterFactsChange>();
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> running = [];
    private FakeKubernetesApiServer server = null!;
    private IKubernetes client = null!;

    public async Task InitializeAsync()
    {
        server = await StartServerAsync(serveServiceCidrs: true);
        client = server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(running);
        client.Dispose();
        await server.DisposeAsync();
        await meters.DisposeAsync();
        stop.Dispose();
    }

    [Fact]
    public async Task The_facts_come_from_one_list_per_kind_and_later_reads_call_nothing()
    {
        var cache = Start(client, watchNamespaces: true);

        var facts = await cache.ReadAsync(CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            Assert.Same(facts, await cache.ReadAsync(CancellationToken.None));
        }

        Assert.Equal([CidrNotation.Parse("10.244.1.0/24")], facts.PodCidrs);
        Assert.Equal([System.Net.IPAddress.Parse("192.168.10.5")], facts.NodeAddresses);
        Assert.Equal([CidrNotation.Parse(FakeKubernetesApiServer.ServiceRangeV4)], facts.ServiceCidrs);
        Assert.True(facts.ServiceCidrsServed);
        Assert.Equal("allowed", facts.NamespaceLabels["team-a"]["external-services"]);
        Assert.True(cache.HasSynced);
        Assert.Equal((1, 1, 1), (server.Requests.Count("list", "nodes"), server.Requests.Count("list", "servicecidrs"), server.Requests.Count("list", "namespaces")));
        // Beside the watches, nothing: the reads asked the server for nothing.
        Assert.Equal((3, 0), (server.Requests.Lists, server.Requests.Gets));
    }

    [Fact]
    public async Task A_node_added_with_a_pod_cidr_changes_the_networks_and_a_status_heartbeat_changes_nothing()
    {
        var cache = Start(client, watchNamespaces: false);
        await cache.ReadAsync(CancellationToken.None);
        using var subscription = cache.SubscribeChanges(c => changes.Writer.TryWrite(c));
        server.Requests.Reset();

        var node = await client.CoreV1.ReadNodeAsync("node-1");
        node.Status.Conditions = [new V1NodeCondition { Type = "Ready", Status = "True", LastHeartbeatTime = DateTime.UtcNow }];
        await client.CoreV1.ReplaceNodeStatusAsync(node, "node-1");
        await client.CoreV1.CreateNodeAsync(Node("node-2", "10.244.2.0/24", "192.168.10.6"));

        // The informer delivers in order: the heartbeat came first and told nothing.
        var change = await NextChangeAsync();
        Assert.Equal((true, 0), (change.Networks, change.RelabelledNamespaces.Count));
        Assert.False(changes.Reader.TryRead(out _));
        var facts = await cache.ReadAsync(CancellationToken.None);
        Assert.Equal([CidrNotation.Parse("10.244.1.0/24"), CidrNotation.Parse("10.244.2.0/24")], facts.PodCidrs);
        Assert.Contains(System.Net.IPAddress.Parse("192.168.10.6"), facts.NodeAddresses);
        Assert.Equal(0, server.Requests.Lists);
    }

    [Fact]
    public async Task A_relabelled_namespace_is_a_change_of_that_namespace_alone()
    {
        var cache = Start(client, watchNamespaces: true);
        await cache.ReadAsync(CancellationToken.None);
        using var subscription = cache.SubscribeChanges(c => changes.Writer.TryWrite(c));

        var ns = await client.CoreV1.ReadNamespaceAsync("team-a");
        ns.Metadata.Labels = new Dictionary<string, string> { ["external-services"] = "denied" };
        await client.CoreV1.ReplaceNamespaceAsync(ns, "team-a");

        var change = await NextChangeAsync();
        Assert.False(change.Networks);
        Assert.Equal(["team-a"], change.RelabelledNamespaces);
        Assert.True(change.Concerns("team-a"));
        Assert.False(change.Concerns("team-b"));
        Assert.Equal("denied", (await cache.ReadAsync(CancellationToken.None)).NamespaceLabels["team-a"]["external-services"]);
    }

    [Fact]
    public async Task A_read_while_the_first_list_fails_fails_at_once_and_the_facts_are_told_as_a_change_once_listed()
    {
        server.Faults.Enqueue(new Fault { Verb = "list", Resource = "nodes", StatusCode = 403, Times = 3 });
        var cache = Start(client, watchNamespaces: false);
        using var subscription = cache.SubscribeChanges(c => changes.Writer.TryWrite(c));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            // The first read may come before the first list has failed: it waits for whichever comes first.
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (true)
            {
                await cache.ReadAsync(patience.Token);
                await Task.Delay(TimeSpan.FromMilliseconds(10), patience.Token);
            }
        });

        Assert.Contains("403", failure.Message, StringComparison.Ordinal);
        var change = await NextChangeAsync();
        Assert.True(change.Networks);
        Assert.Equal([CidrNotation.Parse("10.244.1.0/24")], (await cache.ReadAsync(CancellationToken.None)).PodCidrs);
        Assert.Equal(4, server.Requests.Count("list", "nodes"));
    }

    [Fact]
    public async Task Where_service_cidrs_are_not_served_discovery_is_asked_once_and_nothing_else_of_networking_k8s_io()
    {
        await using var older = await StartServerAsync(serveServiceCidrs: false);
        var paths = new ConcurrentQueue<string>();
        using var counted = new k8s.Kubernetes(
            new KubernetesClientConfiguration { Host = older.BaseAddress.ToString().TrimEnd('/'), AccessToken = older.ProductToken },
            new PathRecorder(paths));
        var cache = Start(counted, watchNamespaces: false);

        var facts = await cache.ReadAsync(CancellationToken.None);
        // Long enough for an informer retrying a 404 (20–100 ms apart) to have asked again many times.
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.False(facts.ServiceCidrsServed);
        Assert.Empty(facts.ServiceCidrs);
        Assert.Equal([CidrNotation.Parse("10.244.1.0/24")], facts.PodCidrs);
        Assert.Equal(["/apis/networking.k8s.io/v1"], paths.Where(static p => p.StartsWith("/apis/networking.k8s.io", StringComparison.Ordinal)).Select(static p => p.TrimEnd('/')));
        Assert.True(cache.HasSynced);
    }

    private static async Task<FakeKubernetesApiServer> StartServerAsync(bool serveServiceCidrs)
    {
        var server = await FakeKubernetesApiServer.StartAsync(new FakeApiServerOptions { ServeServiceCidrs = serveServiceCidrs });
        server.Store.Seed(Node("node-1", "10.244.1.0/24", "192.168.10.5"));
        server.Store.Seed(new V1Namespace
        {
            ApiVersion = "v1",
            Kind = "Namespace",
            Metadata = new V1ObjectMeta { Name = "team-a", Labels = new Dictionary<string, string> { ["external-services"] = "allowed" } },
        });
        return server;
    }

    private static V1Node Node(string name, string podCidr, string address) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1NodeSpec { PodCIDR = podCidr, PodCIDRs = [podCidr] },
        Status = new V1NodeStatus { Addresses = [new V1NodeAddress { Type = "InternalIP", Address = address }, new V1NodeAddress { Type = "Hostname", Address = name }] },
    };

    private ClusterFactsCache Start(IKubernetes kubernetes, bool watchNamespaces)
    {
        var cache = new ClusterFactsCache(
            kubernetes, watchNamespaces, Short, TimeProvider.System, new SyncMetrics(meters.GetRequiredService<IMeterFactory>(), TimeProvider.System), NullLoggerFactory.Instance);
        running.Add(cache.RunAsync(stop.Token));
        return cache;
    }

    private async Task<ClusterFactsChange> NextChangeAsync()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await changes.Reader.ReadAsync(patience.Token);
    }

    /// <summary>Records the path of every request the client sends.</summary>
    private sealed class PathRecorder(ConcurrentQueue<string> paths) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            paths.Enqueue(request.RequestUri!.AbsolutePath);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
