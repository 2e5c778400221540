using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

public sealed class ObjectMetaValidationTests : FakeApiTestBase
{
    [Theory]
    [InlineData("Upper")]
    [InlineData("1starts-with-digit")]
    [InlineData("has.dot")]
    [InlineData("ends-with-dash-")]
    public async Task Service_names_must_be_DNS_1035_labels(string name)
    {
        var causes = await ApiAssert.InvalidAsync(() => Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService(name), "default"));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "metadata.name", "DNS-1035 label");
    }

    [Fact]
    public async Task Service_name_longer_than_63_is_rejected()
    {
        var causes = await ApiAssert.InvalidAsync(() => Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService(new string('a', 64)), "default"));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "metadata.name", "must be no more than 63 characters");
    }

    [Fact]
    public async Task Endpointslice_names_may_be_dotted_subdomains()
    {
        var created = await Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("a.b.c", "IPv4", "192.0.2.1"), "default");

        Assert.Equal("a.b.c", created.Metadata.Name);
    }

    [Fact]
    public async Task Name_or_generateName_is_required()
    {
        var service = SelectorlessService("x");
        service.Metadata.Name = null;

        var causes = await ApiAssert.InvalidAsync(() => Client.CoreV1.CreateNamespacedServiceAsync(service, "default"));

        ApiAssert.HasCause(causes, "FieldValueRequired", "metadata.name", "name or generateName is required");
    }

    [Fact]
    public async Task GenerateName_appends_five_characters_to_a_base_cut_to_58()
    {
        var slice = Slice("ignored", "IPv4", "192.0.2.1");
        slice.Metadata.Name = null;
        slice.Metadata.GenerateName = "orders-db-";
        var longSlice = Slice("ignored", "IPv4", "192.0.2.1");
        longSlice.Metadata.Name = null;
        longSlice.Metadata.GenerateName = new string('s', 70);

        var created = await Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(slice, "default");
        var createdLong = await Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(longSlice, "default");

        Assert.Matches("^orders-db-[bcdfghjklmnpqrstvwxz2456789]{5}$", created.Metadata.Name);
        Assert.Equal(63, createdLong.Metadata.Name.Length);
        Assert.StartsWith(new string('s', 58), createdLong.Metadata.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_generateName_prefix_is_reported_on_generateName()
    {
        var service = SelectorlessService("x");
        service.Metadata.Name = null;
        service.Metadata.GenerateName = "Bad_";

        var causes = await ApiAssert.InvalidAsync(() => Client.CoreV1.CreateNamespacedServiceAsync(service, "default"));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "metadata.generateName");
    }

    [Theory]
    [InlineData("bad key", "v")]
    [InlineData("example.com/ok", "bad value!")]
    [InlineData("UPPER.example.com/x", "v")]
    [InlineData("a/b/c", "v")]
    public async Task Label_keys_and_values_are_validated(string key, string value)
    {
        var service = SelectorlessService("web");
        service.Metadata.Labels = new Dictionary<string, string> { [key] = value };

        var causes = await ApiAssert.InvalidAsync(() => Client.CoreV1.CreateNamespacedServiceAsync(service, "default"));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "metadata.labels");
    }

    [Fact]
    public async Task Label_value_longer_than_63_is_rejected_but_empty_value_is_fine()
    {
        var ok = SelectorlessService("ok");
        ok.Metadata.Labels = new Dictionary<string, string> { ["externalendpoints.io/owner"] = string.Empty };
        var bad = SelectorlessService("bad");
        bad.Metadata.Labels = new Dictionary<string, string> { ["k"] = new string('v', 64) };

        await Client.CoreV1.CreateNamespacedServiceAsync(ok, "default");
        var causes = await ApiAssert.InvalidAsync(() => Client.CoreV1.CreateNamespacedServiceAsync(bad, "default"));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "metadata.labels", "must be no more than 63 characters");
    }

    [Fact]
    public async Task Annotations_over_256_KiB_are_too_long()
    {
        var service = SelectorlessService("web");
        service.Metadata.Annotations = new Dictionary<string, string> { ["big"] = new string('x', 256 * 1024) };

        var causes = await ApiAssert.InvalidAsync(() => Client.CoreV1.CreateNamespacedServiceAsync(service, "default"));

        ApiAssert.HasCause(causes, "FieldValueTooLong", "metadata.annotations");
    }

    [Fact]
    public async Task Annotation_keys_must_be_qualified_names()
    {
        var service = SelectorlessService("web");
        service.Metadata.Annotations = new Dictionary<string, string> { ["not a key"] = "v" };

        var causes = await ApiAssert.InvalidAsync(() => Client.CoreV1.CreateNamespacedServiceAsync(service, "default"));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "metadata.annotations");
    }

    [Fact]
    public async Task Owner_references_need_apiVersion_kind_name_and_uid()
    {
        var slice = Slice("s", "IPv4", "192.0.2.1");
        slice.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "", Kind = "", Name = "", Uid = "" }];

        var causes = await ApiAssert.InvalidAsync(() => Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(slice, "default"));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "metadata.ownerReferences[0].apiVersion", "version must not be empty");
        ApiAssert.HasCause(causes, "FieldValueInvalid", "metadata.ownerReferences[0].kind", "kind must not be empty");
        ApiAssert.HasCause(causes, "FieldValueInvalid", "metadata.ownerReferences[0].name", "name must not be empty");
        ApiAssert.HasCause(causes, "FieldValueInvalid", "metadata.ownerReferences[0].uid", "uid must not be empty");
    }

    [Fact]
    public async Task At_most_one_owner_reference_may_be_the_controller()
    {
        var slice = Slice("s", "IPv4", "192.0.2.1");
        slice.Metadata.OwnerReferences =
        [
            new V1OwnerReference { ApiVersion = "v1", Kind = "Service", Name = "a", Uid = "1", Controller = true },
            new V1OwnerReference { ApiVersion = "v1", Kind = "Service", Name = "b", Uid = "2", Controller = true },
        ];

        var causes = await ApiAssert.InvalidAsync(() => Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(slice, "default"));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "metadata.ownerReferences", "Only one reference can have Controller set to true");
    }

    [Fact]
    public async Task Finalizers_must_be_qualified_unless_standard()
    {
        var ok = SelectorlessService("ok");
        ok.Metadata.Finalizers = ["kubernetes", "foregroundDeletion", "externalendpoints.io/cleanup"];
        var bad = SelectorlessService("bad");
        bad.Metadata.Finalizers = ["cleanup"];

        await Client.CoreV1.CreateNamespacedServiceAsync(ok, "default");
        var causes = await ApiAssert.InvalidAsync(() => Client.CoreV1.CreateNamespacedServiceAsync(bad, "default"));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "metadata.finalizers[0]", "neither a standard finalizer name nor is it fully qualified");
    }
}
