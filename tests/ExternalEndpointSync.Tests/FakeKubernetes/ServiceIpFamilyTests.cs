using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>
/// IP families as <c>initIPFamilyFields</c> and <c>allocClusterIPs</c> (pkg/registry/core/service/storage/alloc.go)
/// decide them: the fake is a single-stack IPv4 cluster unless started with <see cref="FakeApiServerOptions.DualStack"/>.
/// </summary>
public sealed class ServiceIpFamilyTests : FakeApiTestBase
{
    private static V1Service Service(string name, Action<V1ServiceSpec> edit)
    {
        var service = SelectorlessService(name);
        edit(service.Spec);
        return service;
    }

    [Fact]
    public async Task Require_dual_stack_is_invalid_on_a_single_stack_cluster()
    {
        var causes = await ApiAssert.InvalidAsync(() => Client.CoreV1.CreateNamespacedServiceAsync(Service("a", s => s.IpFamilyPolicy = "RequireDualStack"), "default"));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "spec.ipFamilyPolicy", "this cluster is not configured for dual-stack services");
        Assert.Equal(0, Server.Writes.Total);
    }

    [Fact]
    public async Task An_ipv6_family_or_cluster_ip_is_invalid_on_a_single_stack_cluster()
    {
        var family = await ApiAssert.InvalidAsync(() => Client.CoreV1.CreateNamespacedServiceAsync(Service("a", s => s.IpFamilies = ["IPv6"]), "default"));
        var ip = await ApiAssert.InvalidAsync(() => Client.CoreV1.CreateNamespacedServiceAsync(Service("b", s => s.ClusterIP = "fd00:10:96::20"), "default"));

        ApiAssert.HasCause(family, "FieldValueInvalid", "spec.ipFamilies[0]", "not configured on this cluster");
        ApiAssert.HasCause(ip, "FieldValueInvalid", "spec.clusterIPs[0]", "IPv6 is not configured on this cluster");
    }

    [Fact]
    public async Task Prefer_dual_stack_gets_the_one_family_of_a_single_stack_cluster()
    {
        var created = await Client.CoreV1.CreateNamespacedServiceAsync(Service("a", s => s.IpFamilyPolicy = "PreferDualStack"), "default");

        Assert.Equal("PreferDualStack", created.Spec.IpFamilyPolicy);
        Assert.Equal(["IPv4"], created.Spec.IpFamilies);
        Assert.Single(created.Spec.ClusterIPs);
    }

    [Fact]
    public async Task Switching_to_require_dual_stack_on_a_single_stack_cluster_is_invalid()
    {
        var created = await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("a"), "default");
        created.Spec.IpFamilyPolicy = "RequireDualStack";

        var causes = await ApiAssert.InvalidAsync(() => Client.CoreV1.ReplaceNamespacedServiceAsync(created, "a", "default"));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "spec.ipFamilyPolicy", "this cluster is not configured for dual-stack services");
    }

    [Fact]
    public async Task An_empty_selector_is_not_stored()
    {
        var (response, body) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/services",
            """{"apiVersion":"v1","kind":"Service","metadata":{"name":"a"},"spec":{"selector":{},"ports":[{"port":80}]}}""");

        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        Assert.False(body["spec"]!.AsObject().ContainsKey("selector"));
        Assert.Null(Server.Store.Get<V1Service>("default", "a")!.Spec.Selector);
    }

    [Fact]
    public async Task A_dual_stack_cluster_serves_both_families()
    {
        await using var server = await FakeKubernetesApiServer.StartAsync(new FakeApiServerOptions { DualStack = true });
        using var client = server.CreateClient();

        var required = await client.CoreV1.CreateNamespacedServiceAsync(Service("a", s => s.IpFamilyPolicy = "RequireDualStack"), "default");
        var ipv6 = await client.CoreV1.CreateNamespacedServiceAsync(Service("b", s => s.IpFamilies = ["IPv6"]), "default");
        var single = await client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("c"), "default");
        single.Spec.IpFamilyPolicy = "PreferDualStack";
        var upgraded = await client.CoreV1.ReplaceNamespacedServiceAsync(single, "c", "default");

        Assert.Equal(["IPv4", "IPv6"], required.Spec.IpFamilies);
        Assert.Equal(2, required.Spec.ClusterIPs.Count);
        Assert.Equal(["IPv6"], ipv6.Spec.IpFamilies);
        Assert.StartsWith("fd00:10:96::", ipv6.Spec.ClusterIP, StringComparison.Ordinal);
        Assert.Equal(["IPv4", "IPv6"], upgraded.Spec.IpFamilies);
        Assert.Equal(single.Spec.ClusterIP, upgraded.Spec.ClusterIPs[0]);
        Assert.StartsWith("fd00:10:96::", upgraded.Spec.ClusterIPs[1], StringComparison.Ordinal);
    }
}
