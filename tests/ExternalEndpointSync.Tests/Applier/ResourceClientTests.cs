using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Tests.FakeKubernetes;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Tests.Applier;

/// <summary>Every row of <see cref="WrittenKind"/> through the one <see cref="ResourceClient"/>, against the fake API server.</summary>
public sealed class ResourceClientTests : FakeApiTestBase
{
    public static TheoryData<string> Kinds() => new(WrittenKind.All.Select(static kind => kind.Kind));

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Create_read_replace_and_delete_reach_the_resource_the_table_names(string kindName)
    {
        var kind = WrittenKind.All.Single(k => k.Kind == kindName);
        var resource = ResourceClient.For(Client, kind);

        var created = await resource.CreateAsync(Sample(kindName, "sample"), CancellationToken.None);
        var read = await resource.ReadAsync("default", "sample", CancellationToken.None);
        read.Metadata.Labels = new Dictionary<string, string> { ["replaced"] = "yes" };
        var replaced = await resource.ReplaceAsync(read, CancellationToken.None);
        await resource.DeleteAsync(replaced, CancellationToken.None);

        Assert.Same(kind, WrittenKind.Of(created));
        Assert.Equal(created.Metadata.Uid, read.Metadata.Uid);
        Assert.Equal("yes", replaced.Metadata.Labels["replaced"]);
        Assert.All(["create", "update", "delete"], verb => Assert.Equal(1, Server.Writes.Count(verb, kind.Plural)));
        Assert.Equal(3, Server.Writes.Total);
        await ApiAssert.FailsAsync(404, () => resource.ReadAsync("default", "sample", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Delete_carries_the_uid_it_was_given_so_a_re_created_object_survives(string kindName)
    {
        var resource = ResourceClient.For(Client, WrittenKind.All.Single(k => k.Kind == kindName));
        var first = await resource.CreateAsync(Sample(kindName, "again"), CancellationToken.None);
        await resource.DeleteAsync(first, CancellationToken.None);
        await resource.CreateAsync(Sample(kindName, "again"), CancellationToken.None);

        await ApiAssert.FailsAsync(409, () => resource.DeleteAsync(first, CancellationToken.None));

        Assert.NotEqual(first.Metadata.Uid, (await resource.ReadAsync("default", "again", CancellationToken.None)).Metadata.Uid);
    }

    [Fact]
    public void The_table_orders_owners_first_and_refuses_kinds_it_does_not_write()
    {
        Assert.Equal(["Service", "EndpointSlice", "Endpoints"], WrittenKind.All.Select(static kind => kind.Kind));
        Assert.Equal([0, 1, 2], WrittenKind.All.Select(static kind => kind.Order));
        Assert.Throws<ArgumentException>(() => WrittenKind.Of(new V1ConfigMap { Metadata = new V1ObjectMeta() }));
    }

    [Fact]
    public void A_copy_is_deep_and_carries_kind_and_api_version()
    {
        var listed = new V1EndpointSlice { Metadata = new V1ObjectMeta { Name = "s", Labels = new Dictionary<string, string> { ["a"] = "b" } }, AddressType = "IPv4" };

        var copy = WrittenKind.EndpointSlice.Copy(listed);
        copy.Metadata.Labels["a"] = "changed";

        Assert.Equal(("discovery.k8s.io/v1", "EndpointSlice"), (copy.ApiVersion, copy.Kind));
        Assert.Equal("b", listed.Metadata.Labels["a"]);
        Assert.Null(listed.Kind);
    }

    private static IKubernetesObject<V1ObjectMeta> Sample(string kind, string name) => kind switch
    {
        "Service" => SelectorlessService(name, "default", 80),
        "EndpointSlice" => Slice(name, "IPv4", "192.0.2.1"),
        _ => new V1Endpoints
        {
            ApiVersion = "v1",
            Kind = "Endpoints",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
            Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "192.0.2.1" }], Ports = [new Corev1EndpointPort { Port = 80 }] }],
        },
    };
}
