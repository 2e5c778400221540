using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>
/// A metadata.uid in a PUT body is a precondition: staging/src/k8s.io/apiserver/pkg/registry/rest/update.go
/// (DefaultUpdatedObjectInfo.Preconditions) hands it to storage.Preconditions.Check
/// (staging/src/k8s.io/apiserver/pkg/storage/interfaces.go), which runs in GuaranteedUpdate before
/// the registry store (generic/registry/store.go Update) looks at create-on-update or answers 404.
/// </summary>
public sealed class UidPreconditionTests : FakeApiTestBase
{
    [Fact]
    public async Task Update_with_another_uid_is_a_conflict_and_changes_nothing()
    {
        var stored = await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web"), "default");
        var sent = SelectorlessService("web");
        sent.Metadata.Uid = "3f1b6a4e-0000-4000-8000-000000000001";
        sent.Metadata.Labels = new Dictionary<string, string> { ["changed"] = "yes" };

        var status = await ApiAssert.FailsAsync(409, () => Client.CoreV1.ReplaceNamespacedServiceAsync(sent, "web", "default"));

        Assert.Equal("Conflict", (string?)status["reason"]);
        Assert.Equal(
            $"Operation cannot be fulfilled on services \"web\": Precondition failed: UID in precondition: 3f1b6a4e-0000-4000-8000-000000000001, UID in object meta: {stored.Metadata.Uid}",
            (string?)status["message"]);
        Assert.Null(Server.Store.Get<V1Service>("default", "web")!.Metadata.Labels);
    }

    [Fact]
    public async Task Update_with_a_uid_of_a_missing_service_is_a_conflict_not_a_create_on_update()
    {
        var sent = SelectorlessService("gone");
        sent.Metadata.Uid = "3f1b6a4e-0000-4000-8000-000000000002";

        var status = await ApiAssert.FailsAsync(409, () => Client.CoreV1.ReplaceNamespacedServiceAsync(sent, "gone", "default"));

        Assert.Equal(
            "Operation cannot be fulfilled on services \"gone\": Precondition failed: UID in precondition: 3f1b6a4e-0000-4000-8000-000000000002, UID in object meta: ",
            (string?)status["message"]);
        Assert.Null(Server.Store.Get<V1Service>("default", "gone"));
    }

    [Fact]
    public async Task Update_with_a_uid_of_a_missing_endpointslice_is_a_conflict_before_the_404()
    {
        var sent = Slice("gone-1", "IPv4", "192.0.2.1");
        sent.Metadata.Uid = "3f1b6a4e-0000-4000-8000-000000000003";

        var status = await ApiAssert.FailsAsync(409, () => Client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(sent, "gone-1", "default"));

        Assert.Equal("Conflict", (string?)status["reason"]);
        Assert.StartsWith("Operation cannot be fulfilled on endpointslices.discovery.k8s.io \"gone-1\": Precondition failed: UID in precondition:", (string?)status["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_with_the_stored_uid_succeeds()
    {
        var stored = await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web"), "default");
        stored.Metadata.Labels = new Dictionary<string, string> { ["changed"] = "yes" };

        var updated = await Client.CoreV1.ReplaceNamespacedServiceAsync(stored, "web", "default");

        Assert.Equal("yes", updated.Metadata.Labels["changed"]);
    }
}
