using System.Diagnostics.Metrics;
using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Cluster.Watch;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Reporting.Metrics;
using ExternalEndpointSync.Tests.Worker;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExternalEndpointSync.Tests.Cluster;

/// <summary>
/// The watch cache against the fake API server when our write lands while a relist after a 410 is
/// being served: the list (paged, one slice a page) shows the slice as it was before the write, its
/// answer comes after the write returned, and the cache must keep laying our write over it until the
/// echo arrives on the watch that follows the list, which is then no drift.
/// </summary>
public sealed class OwnedObjectCacheRelistTests : IAsyncLifetime
{
    private const string Namespace = "default";
    private readonly ServiceProvider meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly CancellationTokenSource stop = new();
    private FakeKubernetesApiServer server = null!;
    private IKubernetes client = null!;
    private IKubernetes admin = null!;
    private OwnedObjectCache cache = null!;
    private Task running = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        server = await FakeKubernetesApiServer.StartAsync();
        client = server.CreateClient();
        admin = server.CreateAdminClient();
        var options = new ResourceInformerOptions
        {
            MinWatchTimeout = TimeSpan.FromSeconds(1),
            BackoffBase = TimeSpan.FromMilliseconds(20),
            BackoffMax = TimeSpan.FromMilliseconds(200),
            PageSize = 1,
        };
        cache = new OwnedObjectCache(client, "default", options, TimeProvider.System, new SyncMetrics(meters.GetRequiredService<IMeterFactory>(), TimeProvider.System), NullLoggerFactory.Instance);
    }

    public async Task DisposeAsync()
    {
        await stop.CancelAsync();
        await running;
        stop.Dispose();
        client.Dispose();
        admin.Dispose();
        await server.DisposeAsync();
        await meters.DisposeAsync();
    }

    [Fact]
    public async Task Our_write_landing_while_a_relist_is_served_stays_laid_over_the_listed_slice_until_its_echo()
    {
        server.Store.Seed(Slice("alpha-a", "192.0.2.1"));
        server.Store.Seed(Slice("alpha-b", "192.0.2.2"));
        var drifts = 0;
        using var drift = cache.SubscribeDrift(_ => Interlocked.Increment(ref drifts));
        running = cache.RunAsync(stop.Token);
        await cache.WaitForSyncAsync(stop.Token);

        // Someone edits alpha-a while no watch is open and the history is compacted: the next watch is answered 410.
        server.Faults.Enqueue(new Fault
        {
            Verb = "watch",
            Resource = "endpointslices",
            Before = () =>
            {
                Replace(admin, "alpha-a", "192.0.2.66");
                server.Store.Compact();
            },
        });

        // Between the relist's two pages (alpha-a served, alpha-b not yet) our write of alpha-a lands
        // and returns; its echo is held back until the test has read the cache.
        var pages = 0;
        V1EndpointSlice? ours = null;
        IDisposable? held = null;
        server.Faults.Enqueue(new Fault
        {
            Verb = "list",
            Resource = "endpointslices",
            Times = 2,
            Before = () =>
            {
                if (Interlocked.Increment(ref pages) == 2)
                {
                    using (cache.BeginWrite())
                    {
                        ours = Replace(client, "alpha-a", "192.0.2.1");
                        cache.Wrote(ours);
                    }

                    held = server.HoldWatchEvents();
                }
            },
        });

        await Eventually.WaitAsync(() => Listed("alpha-a") == "192.0.2.66", "the relist put someone's edit of alpha-a into the cache");
        Assert.Equal(2, pages);
        Assert.NotNull(ours);
        Assert.Equal(-1, ResourceVersionOrder.Compare(cache.EndpointSlices.Get(Namespace, "alpha-a")!.Metadata.ResourceVersion, ours.Metadata.ResourceVersion));

        var read = await cache.ReadAsync("default", stop.Token);
        var slice = read.EndpointSlices.Single(s => s.Metadata.Name == "alpha-a");
        Assert.Equal(ours.Metadata.ResourceVersion, slice.Metadata.ResourceVersion);
        Assert.Equal("192.0.2.1", slice.Endpoints.Single().Addresses.Single());
        Assert.Equal(1, cache.PendingWrites);

        // The relist's edit by someone else is drift; the echo of our write, once let through, is not.
        held!.Dispose();
        await Eventually.WaitAsync(() => Listed("alpha-a") == "192.0.2.1" && cache.PendingWrites == 0, "the echo of our write reached the cache");
        Assert.Equal(1, Volatile.Read(ref drifts));
    }

    private string? Listed(string name) => cache.EndpointSlices.Get(Namespace, name)?.Endpoints.Single().Addresses.Single();

    /// <summary>Sets the slice's one address through <paramref name="writer"/>, from the version the server has now.</summary>
    private V1EndpointSlice Replace(IKubernetes writer, string name, string address)
    {
        var current = server.Store.Get<V1EndpointSlice>(Namespace, name)!;
        current.Endpoints = [new V1Endpoint { Addresses = [address] }];
        return writer.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(current, name, Namespace).GetAwaiter().GetResult();
    }

    private static V1EndpointSlice Slice(string name, string address) => new()
    {
        ApiVersion = "discovery.k8s.io/v1",
        Kind = "EndpointSlice",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = Namespace,
            Labels = OwnershipLabels.On("default", [new(OwnershipLabels.ServiceNameKey, "alpha"), new(OwnershipLabels.SliceManagedByKey, OwnershipLabels.SliceManagedByValue)]).ToDictionary(),
        },
        AddressType = "IPv4",
        Endpoints = [new V1Endpoint { Addresses = [address] }],
        Ports = [new Discoveryv1EndpointPort { Name = "http", Port = 80, Protocol = "TCP" }],
    };
}
