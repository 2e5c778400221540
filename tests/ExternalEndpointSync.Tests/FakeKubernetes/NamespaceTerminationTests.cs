using System.Globalization;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>
/// Namespace deletion: the namespace registry's Delete (pkg/registry/core/namespace/storage) marks it
/// Terminating, NamespaceLifecycle admission (plugin/pkg/admission/namespace/lifecycle) refuses new
/// content, and the namespace controller (pkg/controller/namespace/deletion) empties it, on the
/// garbage collector's controllable delay, then removes it.
/// </summary>
public sealed class NamespaceTerminationTests : IAsyncLifetime
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(2);
    private readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-01-02T03:04:05Z", CultureInfo.InvariantCulture));
    private FakeKubernetesApiServer server = null!;
    private IKubernetes client = null!;

    public async Task InitializeAsync()
    {
        server = await FakeKubernetesApiServer.StartAsync(new FakeApiServerOptions { TimeProvider = time, GarbageCollectionDelay = Delay });
        client = server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
    }

    private static V1Service Service(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team" },
        Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] },
    };

    private static V1EndpointSlice Slice(string name, IList<string>? finalizers = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team", Finalizers = finalizers },
        AddressType = "IPv4",
        Endpoints = [new V1Endpoint { Addresses = ["10.0.0.1"] }],
    };

    [Fact]
    public async Task Deleting_a_namespace_makes_it_terminating_refuses_new_content_then_empties_and_removes_it()
    {
        server.Store.Seed(Service("web"));
        server.Store.Seed(Slice("web-1"));

        await client.CoreV1.DeleteNamespaceAsync("team");
        var terminating = await client.CoreV1.ReadNamespaceAsync("team");
        var status = await ApiAssert.FailsAsync(403, () => client.CoreV1.CreateNamespacedServiceAsync(Service("api"), "team"));

        Assert.Equal("Terminating", terminating.Status.Phase);
        Assert.NotNull(terminating.Metadata.DeletionTimestamp);
        Assert.NotNull(server.Store.Get<V1Service>("team", "web"));
        Assert.Equal("Forbidden", (string?)status["reason"]);
        Assert.Equal("services \"api\" is forbidden: unable to create new content in namespace team because it is being terminated", (string?)status["message"]);
        Assert.Equal(("NamespaceTerminating", "metadata.namespace", "namespace team is being terminated"), ApiAssert.Causes(status).Single());

        time.Advance(Delay);

        Assert.Empty(server.Store.List<V1Service>("team"));
        Assert.Empty(server.Store.List<V1EndpointSlice>("team"));
        Assert.Null(server.Store.Get<V1Namespace>(null, "team"));
        await ApiAssert.FailsAsync(404, () => client.CoreV1.CreateNamespacedServiceAsync(Service("api"), "team"));
    }

    [Fact]
    public async Task Existing_objects_in_a_terminating_namespace_may_still_be_updated()
    {
        server.Store.Seed(Service("web"));
        await client.CoreV1.DeleteNamespaceAsync("team");
        var web = await client.CoreV1.ReadNamespacedServiceAsync("web", "team");
        web.Metadata.Labels = new Dictionary<string, string> { ["a"] = "b" };

        var updated = await client.CoreV1.ReplaceNamespacedServiceAsync(web, "web", "team");

        Assert.Equal("b", updated.Metadata.Labels["a"]);
    }

    [Fact]
    public async Task An_object_with_a_finalizer_keeps_the_namespace_until_the_finalizer_is_removed()
    {
        server.Store.Seed(Slice("held", ["example.com/hold"]));
        await client.CoreV1.DeleteNamespaceAsync("team");
        time.Advance(Delay);

        var held = server.Store.Get<V1EndpointSlice>("team", "held")!;
        Assert.NotNull(held.Metadata.DeletionTimestamp);
        Assert.Equal("Terminating", server.Store.Get<V1Namespace>(null, "team")!.Status.Phase);

        held.Metadata.Finalizers = [];
        await client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(held, "held", "team");
        time.Advance(Delay);

        Assert.Null(server.Store.Get<V1EndpointSlice>("team", "held"));
        Assert.Null(server.Store.Get<V1Namespace>(null, "team"));
    }

    [Fact]
    public async Task Deleting_a_terminating_namespace_again_is_a_conflict()
    {
        server.Store.Seed(Service("web"));
        await client.CoreV1.DeleteNamespaceAsync("team");

        var status = await ApiAssert.FailsAsync(409, () => client.CoreV1.DeleteNamespaceAsync("team"));

        Assert.Equal(
            "Operation cannot be fulfilled on namespaces \"team\": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.",
            (string?)status["message"]);
    }

    [Fact]
    public async Task With_a_collector_that_never_runs_by_itself_the_namespace_stays_terminating_until_collected()
    {
        await using var never = await FakeKubernetesApiServer.StartAsync(new FakeApiServerOptions { TimeProvider = time, GarbageCollectionDelay = null });
        using var neverClient = never.CreateClient();
        never.Store.Seed(Service("web"));
        await neverClient.CoreV1.DeleteNamespaceAsync("team");
        time.Advance(TimeSpan.FromHours(1));

        Assert.NotNull(never.Store.Get<V1Service>("team", "web"));

        never.GarbageCollector.CollectNow();

        Assert.Null(never.Store.Get<V1Namespace>(null, "team"));
    }
}
