using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.Planning;

public sealed class ServiceDiffTests
{
    private static readonly ServiceContext Context = new(
        PlannerFixtures.Spec("db", ports: [new ServicePortSpec { Name = "pg", Port = 5432 }]) with
        {
            Labels = ValueDictionary.From(new Dictionary<string, string> { ["team"] = "data" }),
            Annotations = ValueDictionary.From(new Dictionary<string, string> { ["note"] = "x" }),
        },
        "default");

    [Fact]
    public void Values_the_server_fills_in_are_not_a_difference()
    {
        var desired = ServiceBuilder.Build(Context, []);

        Assert.True(ServiceDiff.IsUpToDate(AsStored(desired), desired));
    }

    [Fact]
    public void Labels_and_annotations_others_added_are_not_a_difference_and_survive_an_update()
    {
        var desired = ServiceBuilder.Build(Context, []);
        var current = AsStored(desired);
        current.Metadata.Labels["added-by"] = "kubectl";
        current.Metadata.Annotations["kubectl.kubernetes.io/last-applied-configuration"] = "{}";
        Assert.True(ServiceDiff.IsUpToDate(current, desired));

        current.Metadata.Labels["team"] = "other";
        Assert.False(ServiceDiff.IsUpToDate(current, desired));

        var updated = ServiceDiff.Rewrite(current, desired);
        Assert.Equal("data", updated.Metadata.Labels["team"]);
        Assert.Equal("kubectl", updated.Metadata.Labels["added-by"]);
        Assert.Equal("{}", updated.Metadata.Annotations["kubectl.kubernetes.io/last-applied-configuration"]);
        Assert.Equal(current.Spec.ClusterIP, updated.Spec.ClusterIP);
        Assert.Equal(current.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
        Assert.Equal("other", current.Metadata.Labels["team"]);
    }

    [Theory]
    [InlineData("selector")]
    [InlineData("port")]
    [InlineData("targetPort")]
    [InlineData("protocol")]
    [InlineData("appProtocol")]
    [InlineData("type")]
    [InlineData("annotation")]
    [InlineData("ownerLabel")]
    public void A_field_we_set_that_differs_is_a_difference(string field)
    {
        var desired = ServiceBuilder.Build(Context, []);
        var current = AsStored(desired);
        var port = current.Spec.Ports[0];
        switch (field)
        {
            case "selector": current.Spec.Selector = new Dictionary<string, string> { ["app"] = "db" }; break;
            case "port": port.Port = 5433; break;
            case "targetPort": port.TargetPort = "pg"; break;
            case "protocol": port.Protocol = "UDP"; break;
            case "appProtocol": port.AppProtocol = "postgresql"; break;
            case "type": current.Spec.Type = "NodePort"; break;
            case "annotation": current.Metadata.Annotations.Remove("note"); break;
            case "ownerLabel": current.Metadata.Labels[OwnershipLabels.OwnerKey] = "someone"; break;
        }

        Assert.False(ServiceDiff.IsUpToDate(current, desired));
        Assert.True(ServiceDiff.IsUpToDate(AsStored(ServiceDiff.Rewrite(current, desired)), desired));
    }

    [Theory]
    [InlineData(ServiceType.ClusterIP)]
    [InlineData(ServiceType.Headless)]
    [InlineData(ServiceType.ExternalName)]
    public void The_type_read_back_is_the_type_written(ServiceType type)
    {
        var context = new ServiceContext(PlannerFixtures.Spec("db", type), "default");

        Assert.Equal(type, ServiceBuilder.TypeOf(AsStored(ServiceBuilder.Build(context, []))));
    }

    /// <summary>The Service as the API server returns it after storing it: defaults and allocations filled in.</summary>
    private static V1Service AsStored(V1Service written)
    {
        var stored = KubernetesJson.Deserialize<V1Service>(KubernetesJson.Serialize(written));
        stored.Metadata.Uid = "uid";
        stored.Metadata.ResourceVersion = "12";
        stored.Spec.SessionAffinity = "None";
        if (stored.Spec.Type != "ExternalName")
        {
            stored.Spec.ClusterIP ??= "10.96.0.10";
            stored.Spec.ClusterIPs ??= [stored.Spec.ClusterIP];
            stored.Spec.IpFamilies = ["IPv4"];
            stored.Spec.IpFamilyPolicy = "SingleStack";
            stored.Spec.InternalTrafficPolicy = "Cluster";
        }

        foreach (var port in stored.Spec.Ports ?? [])
        {
            port.Protocol ??= "TCP";
            port.TargetPort ??= port.Port;
        }

        return stored;
    }
}
