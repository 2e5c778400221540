using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using ExternalEndpointSync.Cluster.Watch;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Reporting.Metrics;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using ExternalEndpointSync.TestSupport.Time;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace ExternalEndpointSync.Tests.Cluster.Watch;

/// <summary>
/// <see cref="ResourceInformer{T}"/> against the fake API server on real time, with watches the
/// server ends after a second or two: what it asks for, when it lists, and what it delivers.
/// </summary>
public sealed class ResourceInformerTests : IAsyncLifetime
{
    private const string Owner = "default";
    private static readonly ResourceInformerOptions Short = new()
    {
        MinWatchTimeout = TimeSpan.FromSeconds(1),
        BackoffBase = TimeSpan.FromMilliseconds(20),
        BackoffMax = TimeSpan.FromMilliseconds(100),
    };

    private readonly ServiceProvider meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ConcurrentQueue<ListWatchRequest> requests = new();
    private readonly Channel<ResourceChange<V1Service>> changes = Channel.CreateUnbounded<ResourceChange<V1Service>>();
    private readonly CancellationTokenSource stop = new();
    private FakeKubernetesApiServer server = null!;
    private IKubernetes client = null!;
    private ResourceInformer<V1Service> informer = null!;
    private Task running = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        server = await FakeKubernetesApiServer.StartAsync();
        client = server.CreateClient();
        var source = ListWatch.Of<V1Service, V1ServiceList>(
            "services",
            "v1",
            "Service",
            OwnershipLabels.Selector(Owner),
            null,
            (r, ct) =>
            {
                requests.Enqueue(r);
                return client.CoreV1.ListServiceForAllNamespacesAsync(continueParameter: r.Continue, labelSelector: r.LabelSelector, limit: r.Limit, cancellationToken: ct);
            },
            (r, onError, ct) =>
            {
                requests.Enqueue(r);
                return client.CoreV1.WatchListServiceForAllNamespacesAsync(
                    allowWatchBookmarks: r.AllowWatchBookmarks, labelSelector: r.LabelSelector, resourceVersion: r.ResourceVersion,
                    timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct);
            });
        informer = new ResourceInformer<V1Service>(
            source, Short, TimeProvider.System, new SyncMetrics(meters.GetRequiredService<IMeterFactory>(), TimeProvider.System), NullLogger.Instance);
        informer.Subscribe(change => changes.Writer.TryWrite(change));
    }

    public async Task DisposeAsync()
    {
        await stop.CancelAsync();
        await running;
        stop.Dispose();
        client.Dispose();
        await server.DisposeAsync();
        await meters.DisposeAsync();
    }

    [Fact]
    public async Task Lists_once_then_only_watches_and_delivers_what_changes()
    {
        Seed("a");
        Seed("b");
        server.Store.Seed(new V1Service { Metadata = new V1ObjectMeta { Name = "foreign", NamespaceProperty = "default" }, Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] } });
        await StartAsync();

        Assert.Equal(["a", "b"], informer.Snapshot().Select(static s => s.Metadata.Name).Order());
        Assert.Equal("Service", informer.Get("default", "a")!.Kind);
        Assert.Equal([ResourceChangeType.Added, ResourceChangeType.Added], [(await NextAsync()).Type, (await NextAsync()).Type]);

        await WaitUntilAsync(() => server.Requests.Count("watch", "services") >= 3);
        Seed("c");
        var added = await NextAsync();

        Assert.Equal((ResourceChangeType.Added, "c"), (added.Type, added.Object.Metadata.Name));
        Assert.Equal(1, server.Requests.Count("list", "services"));
        Assert.Equal(1, server.Requests.Lists);
    }

    [Fact]
    public async Task Every_watch_asks_for_bookmarks_and_a_timeout_within_the_bound()
    {
        await StartAsync();
        await WaitUntilAsync(() => requests.Count(static r => r.Watch) >= 3);

        var watches = requests.Where(static r => r.Watch).ToList();
        Assert.All(watches, static w =>
        {
            Assert.True(w.AllowWatchBookmarks);
            Assert.InRange(w.TimeoutSeconds!.Value, 1, 2);
            Assert.Equal(OwnershipLabels.Selector(Owner), w.LabelSelector);
            Assert.Null(w.Limit);
        });
        var list = Assert.Single(requests, static r => !r.Watch);
        Assert.Equal(Short.PageSize, list.Limit);
        Assert.Null(list.TimeoutSeconds);
    }

    [Fact]
    public async Task A_watch_resumes_from_the_bookmark_that_ended_the_last_one()
    {
        Seed("a");
        await StartAsync();
        var listed = long.Parse(informer.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture);
        var watchesBefore = requests.Count(static r => r.Watch);

        // Writes the informer does not select move the server's resourceVersion on; only the
        // bookmark at the end of the watch tells the informer about it.
        server.Store.Seed(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "unrelated", NamespaceProperty = "default" } });
        var moved = server.Store.Get<V1ConfigMap>("default", "unrelated")!.Metadata.ResourceVersion;
        await WaitUntilAsync(() => requests.Count(static r => r.Watch) > watchesBefore + 1);

        Assert.Equal(moved, informer.ResourceVersion);
        Assert.True(long.Parse(moved, System.Globalization.CultureInfo.InvariantCulture) > listed);
        Assert.Contains(requests, r => r.Watch && r.ResourceVersion == moved);
        Assert.Equal(1, server.Requests.Count("list", "services"));
    }

    [Fact]
    public async Task An_expired_watch_relists_and_delivers_the_deletions_it_missed()
    {
        Seed("a");
        Seed("b");
        await StartAsync();
        await NextAsync();
        await NextAsync();

        // While no watch is open, b goes and the history is compacted: the next watch from the
        // informer's version gets a 410 ERROR event.
        server.Faults.Enqueue(new Fault
        {
            Verb = "watch",
            Resource = "services",
            Before = () =>
            {
                server.Store.Delete<V1Service>("default", "b");
                server.Store.Compact();
            },
        });
        var deleted = await NextAsync();

        Assert.Equal((ResourceChangeType.Deleted, "b"), (deleted.Type, deleted.Object.Metadata.Name));
        Assert.Equal(["a"], informer.Snapshot().Select(static s => s.Metadata.Name));
        Assert.Equal(2, server.Requests.Count("list", "services"));
    }

    [Fact]
    public async Task A_watch_answered_410_itself_relists_too()
    {
        Seed("a");
        await StartAsync();
        await NextAsync();
        server.Faults.Enqueue(new Fault { Verb = "watch", Resource = "services", StatusCode = 410, Before = () => server.Store.Delete<V1Service>("default", "a") });

        var deleted = await NextAsync();

        Assert.Equal((ResourceChangeType.Deleted, "a"), (deleted.Type, deleted.Object.Metadata.Name));
        Assert.Equal(2, server.Requests.Count("list", "services"));
    }

    [Fact]
    public async Task A_dropped_connection_watches_again_from_the_same_version_without_a_list()
    {
        await StartAsync();
        var version = informer.ResourceVersion;
        server.Faults.Enqueue(new Fault { Verb = "watch", Resource = "services", DropConnection = true, Before = () => Seed("while-down") });
        await WaitUntilAsync(() => server.Faults.Pending == 0);

        var added = await NextAsync();

        Assert.Equal((ResourceChangeType.Added, "while-down"), (added.Type, added.Object.Metadata.Name));
        Assert.Equal(1, server.Requests.Count("list", "services"));
        var watches = requests.Where(static r => r.Watch).ToList();
        Assert.True(watches.Count >= 2, $"{watches.Count} watches");
        Assert.All(watches.Take(2), w => Assert.Equal(version, w.ResourceVersion));
    }

    [Fact]
    public async Task A_failing_list_is_retried_until_it_answers()
    {
        Seed("a");
        server.Faults.Enqueue(new Fault { Verb = "list", Resource = "services", StatusCode = 500, Times = 2 });
        running = informer.RunAsync(stop.Token);

        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await informer.WaitForSyncAsync(guard.Token);

        Assert.Equal(3, server.Requests.Count("list", "services"));
        Assert.Equal(["a"], informer.Snapshot().Select(static s => s.Metadata.Name));
    }

    private void Seed(string name) => server.Store.Seed(new V1Service
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Labels = OwnershipLabels.Of(Owner).ToDictionary() },
        Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] },
    });

    private async Task StartAsync()
    {
        running = informer.RunAsync(stop.Token);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await informer.WaitForSyncAsync(guard.Token);
        Assert.True(informer.HasSynced);
    }

    private async Task<ResourceChange<V1Service>> NextAsync()
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await changes.Reader.ReadAsync(guard.Token);
    }

    private static async Task WaitUntilAsync(Func<bool> condition) =>
        Assert.True(await Poll.UntilAsync(condition, TimeSpan.FromSeconds(20)), "not within 20 s");
}
