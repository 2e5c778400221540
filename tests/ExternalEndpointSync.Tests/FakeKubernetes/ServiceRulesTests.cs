using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

public sealed class ServiceRulesTests : FakeApiTestBase
{
    private Task<V1Service> CreateAsync(V1Service service) => Client.CoreV1.CreateNamespacedServiceAsync(service, "default");

    private static V1Service Service(string name, V1ServiceSpec spec) => new() { Metadata = new() { Name = name }, Spec = spec };

    [Fact]
    public async Task Defaults_are_filled_in_for_a_cluster_ip_service()
    {
        var created = await CreateAsync(SelectorlessService("web"));

        Assert.Equal("ClusterIP", created.Spec.Type);
        Assert.Equal("None", created.Spec.SessionAffinity);
        Assert.Equal("Cluster", created.Spec.InternalTrafficPolicy);
        Assert.Equal("TCP", created.Spec.Ports[0].Protocol);
        Assert.Equal("80", created.Spec.Ports[0].TargetPort.Value);
        Assert.Equal("SingleStack", created.Spec.IpFamilyPolicy);
        Assert.Equal(["IPv4"], created.Spec.IpFamilies);
        Assert.StartsWith("10.96.", created.Spec.ClusterIP, StringComparison.Ordinal);
        Assert.Equal([created.Spec.ClusterIP], created.Spec.ClusterIPs);
        Assert.Null(created.Spec.Selector);
    }

    [Fact]
    public async Task Cluster_ips_are_unique_and_reused_only_after_release()
    {
        var a = await CreateAsync(SelectorlessService("a"));
        var b = await CreateAsync(SelectorlessService("b"));
        await Client.CoreV1.DeleteNamespacedServiceAsync("a", "default");
        var c = await CreateAsync(SelectorlessService("c"));

        Assert.NotEqual(a.Spec.ClusterIP, b.Spec.ClusterIP);
        Assert.NotEqual(b.Spec.ClusterIP, c.Spec.ClusterIP);
    }

    [Fact]
    public async Task Requesting_an_allocated_or_out_of_range_cluster_ip_is_invalid()
    {
        var a = await CreateAsync(SelectorlessService("a"));
        var taken = SelectorlessService("b");
        taken.Spec.ClusterIP = a.Spec.ClusterIP;
        var outside = SelectorlessService("c");
        outside.Spec.ClusterIP = "10.0.0.1";

        var takenCauses = await ApiAssert.InvalidAsync(() => CreateAsync(taken));
        var outsideCauses = await ApiAssert.InvalidAsync(() => CreateAsync(outside));

        ApiAssert.HasCause(takenCauses, "FieldValueInvalid", "spec.clusterIPs", "provided IP is already allocated");
        ApiAssert.HasCause(outsideCauses, "FieldValueInvalid", "spec.clusterIPs", "not in the valid range");
    }

    [Fact]
    public async Task Cluster_ip_is_immutable_but_carried_over_when_a_put_omits_it()
    {
        var created = await CreateAsync(SelectorlessService("web"));
        var omitted = SelectorlessService("web");
        var changed = SelectorlessService("web");
        changed.Spec.ClusterIP = "10.96.99.99";
        changed.Spec.ClusterIPs = ["10.96.99.99"];

        var carried = await Client.CoreV1.ReplaceNamespacedServiceAsync(omitted, "web", "default");
        var causes = await ApiAssert.InvalidAsync(() => Client.CoreV1.ReplaceNamespacedServiceAsync(changed, "web", "default"));

        Assert.Equal(created.Spec.ClusterIP, carried.Spec.ClusterIP);
        Assert.Equal(created.Spec.IpFamilies, carried.Spec.IpFamilies);
        ApiAssert.HasCause(causes, "FieldValueInvalid", "spec.clusterIPs[0]", "may not change once set");
    }

    [Fact]
    public async Task Ports_are_required_unless_headless_or_external_name()
    {
        var causes = await ApiAssert.InvalidAsync(() => CreateAsync(Service("web", new V1ServiceSpec())));
        await CreateAsync(Service("headless", new V1ServiceSpec { ClusterIP = "None" }));
        await CreateAsync(Service("ext", new V1ServiceSpec { Type = "ExternalName", ExternalName = "db.example.com" }));

        ApiAssert.HasCause(causes, "FieldValueRequired", "spec.ports");
    }

    [Fact]
    public async Task Port_names_are_required_with_several_ports_and_must_be_unique_labels()
    {
        var unnamed = Service("a", new V1ServiceSpec { Ports = [new() { Port = 80 }, new() { Name = "b", Port = 81 }] });
        var badName = Service("b", new V1ServiceSpec { Ports = [new() { Name = "Bad_Name", Port = 80 }] });
        var duplicate = Service("c", new V1ServiceSpec { Ports = [new() { Name = "x", Port = 80 }, new() { Name = "x", Port = 81 }] });

        ApiAssert.HasCause(await ApiAssert.InvalidAsync(() => CreateAsync(unnamed)), "FieldValueRequired", "spec.ports[0].name");
        ApiAssert.HasCause(await ApiAssert.InvalidAsync(() => CreateAsync(badName)), "FieldValueInvalid", "spec.ports[0].name", "RFC 1123 label");
        ApiAssert.HasCause(await ApiAssert.InvalidAsync(() => CreateAsync(duplicate)), "FieldValueDuplicate", "spec.ports[1].name");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    public async Task Port_must_be_in_range(int port)
    {
        var causes = await ApiAssert.InvalidAsync(() => CreateAsync(SelectorlessService("web", "default", port)));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "spec.ports[0].port", "must be between 1 and 65535, inclusive");
    }

    [Fact]
    public async Task Protocol_must_be_supported()
    {
        var service = SelectorlessService("web");
        service.Spec.Ports[0].Protocol = "HTTP";

        var causes = await ApiAssert.InvalidAsync(() => CreateAsync(service));

        ApiAssert.HasCause(causes, "FieldValueNotSupported", "spec.ports[0].protocol", "supported values: \"SCTP\", \"TCP\", \"UDP\"");
    }

    [Fact]
    public async Task Same_port_and_protocol_twice_is_a_duplicate_but_other_protocol_is_fine()
    {
        var duplicate = Service("a", new V1ServiceSpec { Ports = [new() { Name = "a", Port = 53 }, new() { Name = "b", Port = 53 }] });
        var dns = Service("b", new V1ServiceSpec { Ports = [new() { Name = "a", Port = 53 }, new() { Name = "b", Port = 53, Protocol = "UDP" }] });

        var causes = await ApiAssert.InvalidAsync(() => CreateAsync(duplicate));
        await CreateAsync(dns);

        ApiAssert.HasCause(causes, "FieldValueDuplicate", "spec.ports[1]");
    }

    [Fact]
    public async Task App_protocol_must_be_a_qualified_name()
    {
        var ok = SelectorlessService("ok");
        ok.Spec.Ports[0].AppProtocol = "kubernetes.io/h2c";
        var bad = SelectorlessService("bad");
        bad.Spec.Ports[0].AppProtocol = "not valid!";

        await CreateAsync(ok);
        var causes = await ApiAssert.InvalidAsync(() => CreateAsync(bad));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "spec.ports[0].appProtocol");
    }

    [Fact]
    public async Task Target_port_must_be_a_valid_number_or_name()
    {
        var service = SelectorlessService("web");
        service.Spec.Ports[0].TargetPort = "not--valid";

        var causes = await ApiAssert.InvalidAsync(() => CreateAsync(service));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "spec.ports[0].targetPort");
    }

    [Fact]
    public async Task External_name_is_required_and_must_be_a_dns_subdomain()
    {
        var missing = await ApiAssert.InvalidAsync(() => CreateAsync(Service("a", new V1ServiceSpec { Type = "ExternalName" })));
        var invalid = await ApiAssert.InvalidAsync(() => CreateAsync(Service("b", new V1ServiceSpec { Type = "ExternalName", ExternalName = "Not_A_Host" })));

        ApiAssert.HasCause(missing, "FieldValueRequired", "spec.externalName");
        ApiAssert.HasCause(invalid, "FieldValueInvalid", "spec.externalName");
    }

    [Fact]
    public async Task External_name_with_a_trailing_dot_is_accepted_and_stored_as_sent()
    {
        var created = await CreateAsync(Service("docs", new V1ServiceSpec { Type = "ExternalName", ExternalName = "docs.example.com." }));

        Assert.Equal("docs.example.com.", created.Spec.ExternalName);
        Assert.Null(created.Spec.ClusterIP);
        Assert.Null(created.Spec.IpFamilies);
        Assert.Null(created.Spec.InternalTrafficPolicy);
    }

    [Fact]
    public async Task External_name_services_may_not_set_cluster_ip_or_families()
    {
        var spec = new V1ServiceSpec { Type = "ExternalName", ExternalName = "docs.example.com", ClusterIP = "10.96.5.5", IpFamilies = ["IPv4"], IpFamilyPolicy = "SingleStack" };

        var causes = await ApiAssert.InvalidAsync(() => CreateAsync(Service("docs", spec)));

        ApiAssert.HasCause(causes, "FieldValueForbidden", "spec.clusterIPs", "may not be set for ExternalName services");
        ApiAssert.HasCause(causes, "FieldValueForbidden", "spec.ipFamilies");
        ApiAssert.HasCause(causes, "FieldValueForbidden", "spec.ipFamilyPolicy");
    }

    [Fact]
    public async Task Selectorless_headless_service_requires_dual_stack()
    {
        var created = await CreateAsync(Service("db", new V1ServiceSpec { ClusterIP = "None", Ports = [new() { Port = 5432 }] }));

        Assert.Equal("None", created.Spec.ClusterIP);
        Assert.Equal(["None"], created.Spec.ClusterIPs);
        Assert.Equal("RequireDualStack", created.Spec.IpFamilyPolicy);
        Assert.Equal(["IPv4", "IPv6"], created.Spec.IpFamilies);
    }

    [Fact]
    public async Task Headless_is_not_allowed_for_node_port_and_none_must_be_alone()
    {
        var nodePort = await ApiAssert.InvalidAsync(() => CreateAsync(Service("a", new V1ServiceSpec { Type = "NodePort", ClusterIP = "None", Ports = [new() { Port = 80 }] })));
        var mixed = await ApiAssert.InvalidAsync(() => CreateAsync(Service("b", new V1ServiceSpec { ClusterIP = "None", ClusterIPs = ["None", "10.96.0.50"], Ports = [new() { Port = 80 }] })));

        ApiAssert.HasCause(nodePort, "FieldValueInvalid", "spec.clusterIPs[0]", "may not be set to 'None' for NodePort services");
        ApiAssert.HasCause(mixed, "FieldValueInvalid", "spec.clusterIPs[1]");
    }

    [Fact]
    public async Task Switching_to_external_name_with_the_same_cluster_ip_clears_and_releases_it()
    {
        var created = await CreateAsync(SelectorlessService("web"));
        created.Spec.Type = "ExternalName";
        created.Spec.ExternalName = "web.example.com";

        var switched = await Client.CoreV1.ReplaceNamespacedServiceAsync(created, "web", "default");
        var reuse = SelectorlessService("other");
        reuse.Spec.ClusterIP = created.Spec.ClusterIP;
        var reused = await CreateAsync(reuse);

        Assert.Null(switched.Spec.ClusterIP);
        Assert.Null(switched.Spec.IpFamilies);
        Assert.Null(switched.Spec.IpFamilyPolicy);
        Assert.Equal(created.Spec.ClusterIP, reused.Spec.ClusterIP);
    }

    [Fact]
    public async Task Switching_to_external_name_with_a_different_cluster_ip_is_forbidden()
    {
        var created = await CreateAsync(SelectorlessService("web"));
        created.Spec.Type = "ExternalName";
        created.Spec.ExternalName = "web.example.com";
        created.Spec.ClusterIP = "10.96.200.200";
        created.Spec.ClusterIPs = ["10.96.200.200"];

        var causes = await ApiAssert.InvalidAsync(() => Client.CoreV1.ReplaceNamespacedServiceAsync(created, "web", "default"));

        ApiAssert.HasCause(causes, "FieldValueForbidden", "spec.clusterIPs");
    }

    [Fact]
    public async Task Switching_from_external_name_allocates_a_cluster_ip()
    {
        var created = await CreateAsync(Service("web", new V1ServiceSpec { Type = "ExternalName", ExternalName = "web.example.com" }));
        created.Spec.Type = "ClusterIP";
        created.Spec.ExternalName = null;
        created.Spec.Ports = [new() { Port = 80 }];

        var switched = await Client.CoreV1.ReplaceNamespacedServiceAsync(created, "web", "default");

        Assert.StartsWith("10.96.", switched.Spec.ClusterIP, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_is_cleared_on_create_and_ignored_on_update()
    {
        var service = SelectorlessService("web");
        service.Status = new V1ServiceStatus { LoadBalancer = new() { Ingress = [new() { Ip = "203.0.113.1" }] } };

        var created = await CreateAsync(service);
        var ingressAfterCreate = created.Status.LoadBalancer.Ingress;
        created.Status = service.Status;
        var updated = await Client.CoreV1.ReplaceNamespacedServiceAsync(created, "web", "default");

        Assert.Null(ingressAfterCreate);
        Assert.Null(updated.Status.LoadBalancer.Ingress);
    }
}
