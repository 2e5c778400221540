using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>
/// The garbage collector (pkg/controller/garbagecollector/garbagecollector.go) and delete propagation
/// (staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go deletionFinalizersForGarbageCollection).
/// </summary>
public sealed class GarbageCollectorTests : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture));
    private FakeKubernetesApiServer server = null!;
    private IKubernetes client = null!;

    public async Task InitializeAsync()
    {
        server = await FakeKubernetesApiServer.StartAsync(new FakeApiServerOptions { TimeProvider = time, GarbageCollectionDelay = TimeSpan.FromSeconds(2) });
        client = server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Background_deletion_removes_the_owner_at_once_and_its_dependents_after_the_delay()
    {
        var (_, slice) = await OwnerAndSliceAsync(blockOwnerDeletion: true);

        await client.CoreV1.DeleteNamespacedServiceAsync("owner", "default");

        Assert.Null(server.Store.Get<V1Service>("default", "owner"));
        Assert.NotNull(server.Store.Get<V1EndpointSlice>("default", slice.Metadata.Name));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(server.Store.Get<V1EndpointSlice>("default", slice.Metadata.Name));
    }

    [Fact]
    public async Task Foreground_deletion_keeps_the_owner_with_its_finalizer_until_blocking_dependents_are_gone()
    {
        var (service, slice) = await OwnerAndSliceAsync(blockOwnerDeletion: true);

        await client.CoreV1.DeleteNamespacedServiceAsync("owner", "default", new V1DeleteOptions { PropagationPolicy = "Foreground" });

        var marked = server.Store.Get<V1Service>("default", "owner")!;
        Assert.NotNull(marked.Metadata.DeletionTimestamp);
        Assert.Equal(["foregroundDeletion"], marked.Metadata.Finalizers);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(server.Store.Get<V1EndpointSlice>("default", slice.Metadata.Name));
        Assert.Null(server.Store.Get<V1Service>("default", service.Metadata.Name));
    }

    [Fact]
    public async Task Orphan_deletion_strips_the_owner_references_and_keeps_the_dependents()
    {
        var (_, slice) = await OwnerAndSliceAsync(blockOwnerDeletion: true);

        await client.CoreV1.DeleteNamespacedServiceAsync("owner", "default", new V1DeleteOptions { PropagationPolicy = "Orphan" });

        Assert.Equal(["orphan"], server.Store.Get<V1Service>("default", "owner")!.Metadata.Finalizers);
        time.Advance(TimeSpan.FromSeconds(2));
        var orphan = server.Store.Get<V1EndpointSlice>("default", slice.Metadata.Name)!;
        Assert.Null(orphan.Metadata.OwnerReferences);
        Assert.Null(server.Store.Get<V1Service>("default", "owner"));
    }

    [Fact]
    public async Task A_dependent_that_still_has_a_live_owner_only_loses_the_reference_to_the_gone_one()
    {
        var (gone, slice) = await OwnerAndSliceAsync(blockOwnerDeletion: false);
        var live = await client.CoreV1.CreateNamespacedServiceAsync(FakeApiTestBaseShapes.Service("live"), "default");
        slice.Metadata.OwnerReferences.Add(new V1OwnerReference { ApiVersion = "v1", Kind = "Service", Name = "live", Uid = live.Metadata.Uid });
        await client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(slice, slice.Metadata.Name, "default");

        await client.CoreV1.DeleteNamespacedServiceAsync(gone.Metadata.Name, "default");
        server.GarbageCollector.CollectNow();

        var kept = server.Store.Get<V1EndpointSlice>("default", slice.Metadata.Name)!;
        Assert.Equal(live.Metadata.Uid, Assert.Single(kept.Metadata.OwnerReferences).Uid);
    }

    [Fact]
    public async Task With_no_delay_dependents_are_gone_before_the_next_request_and_with_never_only_on_demand()
    {
        await using var rightAway = await FakeKubernetesApiServer.StartAsync(new FakeApiServerOptions { GarbageCollectionDelay = TimeSpan.Zero });
        await using var never = await FakeKubernetesApiServer.StartAsync(new FakeApiServerOptions { TimeProvider = time, GarbageCollectionDelay = null });
        foreach (var (api, expectGone) in new[] { (rightAway, true), (never, false) })
        {
            using var c = api.CreateClient();
            var service = await c.CoreV1.CreateNamespacedServiceAsync(FakeApiTestBaseShapes.Service("owner"), "default");
            var slice = await c.DiscoveryV1.CreateNamespacedEndpointSliceAsync(FakeApiTestBaseShapes.SliceOf(service, blockOwnerDeletion: true), "default");

            await c.CoreV1.DeleteNamespacedServiceAsync("owner", "default");
            time.Advance(TimeSpan.FromHours(1));

            Assert.Equal(expectGone, api.Store.Get<V1EndpointSlice>("default", slice.Metadata.Name) is null);
        }

        never.GarbageCollector.CollectNow();
        Assert.Empty(never.Store.List<V1EndpointSlice>("default"));
    }

    [Fact]
    public async Task Orphan_and_foregroundDeletion_finalizers_together_are_invalid()
    {
        var service = FakeApiTestBaseShapes.Service("both");
        service.Metadata.Finalizers = ["orphan", "foregroundDeletion"];

        var causes = await ApiAssert.InvalidAsync(() => client.CoreV1.CreateNamespacedServiceAsync(service, "default"));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "metadata.finalizers", "finalizer orphan and foregroundDeletion cannot be both set");
    }

    [Fact]
    public async Task An_unknown_propagation_policy_is_invalid_delete_options()
    {
        await client.CoreV1.CreateNamespacedServiceAsync(FakeApiTestBaseShapes.Service("owner"), "default");

        var status = await ApiAssert.FailsAsync(422, () => client.CoreV1.DeleteNamespacedServiceAsync("owner", "default", new V1DeleteOptions { PropagationPolicy = "Later" }));

        Assert.Equal("DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"Later\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"", (string?)status["message"]);
        Assert.NotNull(server.Store.Get<V1Service>("default", "owner"));
    }

    [Fact]
    public async Task Marking_an_object_with_a_generation_for_deletion_bumps_it()
    {
        // rest/delete.go BeforeDelete: a graceful (finalizer-held) deletion increments metadata.generation when set.
        var slice = FakeApiTestBaseShapes.SliceOf(null, blockOwnerDeletion: false);
        slice.Metadata.Finalizers = ["externalendpoints.io/hold"];
        var created = await client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(slice, "default");

        await client.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(created.Metadata.Name, "default");

        Assert.Equal(created.Metadata.Generation + 1, server.Store.Get<V1EndpointSlice>("default", created.Metadata.Name)!.Metadata.Generation);
    }

    [Fact]
    public async Task A_dependent_whose_owner_is_of_a_kind_not_served_is_left_alone_and_collected_once_the_kind_is_served_and_the_owner_missing()
    {
        var service = FakeApiTestBaseShapes.Service("owned");
        service.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "test.example.io/v1", Kind = "Widget", Name = "w", Uid = "no-such-uid", Controller = true }];
        await client.CoreV1.CreateNamespacedServiceAsync(service, "default");

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.NotNull(server.Store.Get<V1Service>("default", "owned"));

        using var admin = server.CreateAdminClient();
        await admin.ApiextensionsV1.CreateCustomResourceDefinitionAsync(KubernetesJson.Deserialize<V1CustomResourceDefinition>(CrdFixture.Crd()));
        server.GarbageCollector.CollectNow();
        Assert.Null(server.Store.Get<V1Service>("default", "owned"));
    }

    private async Task<(V1Service Service, V1EndpointSlice Slice)> OwnerAndSliceAsync(bool blockOwnerDeletion)
    {
        var service = await client.CoreV1.CreateNamespacedServiceAsync(FakeApiTestBaseShapes.Service("owner"), "default");
        var slice = await client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(FakeApiTestBaseShapes.SliceOf(service, blockOwnerDeletion), "default");
        return (service, slice);
    }
}

/// <summary>Objects for tests that run their own server (and so cannot derive from <see cref="FakeApiTestBase"/>).</summary>
internal static class FakeApiTestBaseShapes
{
    public static V1Service Service(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] },
    };

    public static V1EndpointSlice SliceOf(V1Service? owner, bool blockOwnerDeletion) => new()
    {
        Metadata = new V1ObjectMeta
        {
            GenerateName = "owner-",
            NamespaceProperty = "default",
            OwnerReferences = owner is null ? null : [new V1OwnerReference { ApiVersion = "v1", Kind = "Service", Name = owner.Metadata.Name, Uid = owner.Metadata.Uid, Controller = true, BlockOwnerDeletion = blockOwnerDeletion }],
        },
        AddressType = "IPv4",
        Endpoints = [new V1Endpoint { Addresses = ["192.0.2.1"] }],
        Ports = [new Discoveryv1EndpointPort { Name = "http", Port = 80, Protocol = "TCP" }],
    };
}
