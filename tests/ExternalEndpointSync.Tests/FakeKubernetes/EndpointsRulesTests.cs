using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

public sealed class EndpointsRulesTests : FakeApiTestBase
{
    private const string DeprecationWarning = "299 - \"v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\"";

    private static V1Endpoints Endpoints(string name, params V1EndpointSubset[] subsets) =>
        new() { Metadata = new() { Name = name }, Subsets = subsets };

    private static V1EndpointSubset Subset(string[] ready, string[]? notReady = null, params (string? Name, int Port)[] ports) => new()
    {
        Addresses = ready.Length == 0 ? null : ready.Select(ip => new V1EndpointAddress { Ip = ip }).ToList(),
        NotReadyAddresses = notReady?.Select(ip => new V1EndpointAddress { Ip = ip }).ToList(),
        Ports = ports.Select(p => new Corev1EndpointPort { Name = p.Name, Port = p.Port }).ToList(),
    };

    private Task<V1Endpoints> CreateAsync(V1Endpoints endpoints) => Client.CoreV1.CreateNamespacedEndpointsAsync(endpoints, "default");

    [Fact]
    public async Task Names_may_be_dns_subdomains()
    {
        var created = await CreateAsync(Endpoints("legacy.api", Subset(["192.0.2.1"], null, (null, 80))));

        Assert.Equal("legacy.api", created.Metadata.Name);
    }

    [Fact]
    public async Task A_subset_needs_addresses_or_not_ready_addresses()
    {
        var causes = await ApiAssert.InvalidAsync(() => CreateAsync(Endpoints("web", Subset([], null, (null, 80)))));

        ApiAssert.HasCause(causes, "FieldValueRequired", "subsets[0]", "must specify `addresses` or `notReadyAddresses`");
    }

    [Theory]
    [InlineData("not-an-ip", "must be a valid IP address")]
    [InlineData("10.1", "must be a valid IP address")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("169.254.10.1", "link-local range")]
    [InlineData("fe80::1", "link-local range")]
    [InlineData("224.0.0.251", "link-local multicast")]
    [InlineData("ff02::1", "link-local multicast")]
    public async Task Special_and_invalid_ips_are_rejected(string ip, string message)
    {
        var causes = await ApiAssert.InvalidAsync(() => CreateAsync(Endpoints("web", Subset(["192.0.2.1"], [ip], (null, 80)))));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "subsets[0].notReadyAddresses[0].ip", message);
    }

    [Fact]
    public async Task Other_multicast_and_ordinary_ipv6_are_accepted()
    {
        await CreateAsync(Endpoints("web", Subset(["239.1.2.3", "2001:db8::1"], null, (null, 80))));
    }

    [Fact]
    public async Task Hostname_must_be_a_dns_label()
    {
        var endpoints = Endpoints("web", Subset(["192.0.2.1"], null, (null, 80)));
        endpoints.Subsets[0].Addresses[0].Hostname = "host.with.dots";

        var causes = await ApiAssert.InvalidAsync(() => CreateAsync(endpoints));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "subsets[0].addresses[0].hostname");
    }

    [Fact]
    public async Task Port_rules_apply_to_endpoints()
    {
        var unnamed = await ApiAssert.InvalidAsync(() => CreateAsync(Endpoints("a", Subset(["192.0.2.1"], null, (null, 80), ("b", 81)))));
        var range = await ApiAssert.InvalidAsync(() => CreateAsync(Endpoints("b", Subset(["192.0.2.1"], null, (null, 0)))));

        ApiAssert.HasCause(unnamed, "FieldValueRequired", "subsets[0].ports[0].name");
        ApiAssert.HasCause(range, "FieldValueInvalid", "subsets[0].ports[0].port");
    }

    [Fact]
    public async Task Subsets_are_repacked_deduplicated_grouped_and_sorted_by_ip_string()
    {
        var endpoints = Endpoints("web",
            Subset(["10.0.0.9", "10.0.0.10"], null, ("http", 80)),
            Subset(["10.0.0.10", "10.0.0.2"], null, ("http", 80)),
            Subset(["10.0.0.9", "10.0.0.10", "10.0.0.2"], null, ("https", 443)));

        var created = await CreateAsync(endpoints);

        var subset = Assert.Single(created.Subsets);
        Assert.Equal(["10.0.0.10", "10.0.0.2", "10.0.0.9"], subset.Addresses.Select(a => a.Ip));
        Assert.Equal(["http", "https"], subset.Ports.Select(p => p.Name));
    }

    [Fact]
    public async Task Addresses_with_different_port_sets_end_up_in_different_subsets()
    {
        var endpoints = Endpoints("web",
            Subset(["192.0.2.1", "192.0.2.2"], null, ("http", 80)),
            Subset(["192.0.2.2"], null, ("admin", 9000)));

        var created = await CreateAsync(endpoints);

        Assert.Equal(2, created.Subsets.Count);
        Assert.Contains(created.Subsets, s => s.Addresses.Count == 2 && s.Ports.Single().Name == "http");
        Assert.Contains(created.Subsets, s => s.Addresses.Count == 1 && s.Addresses[0].Ip == "192.0.2.2" && s.Ports.Single().Name == "admin");
    }

    [Fact]
    public async Task Not_ready_wins_over_ready_for_the_same_address_and_port()
    {
        var created = await CreateAsync(Endpoints("web", Subset(["192.0.2.1", "192.0.2.2"], ["192.0.2.1"], ("http", 80))));

        var subset = Assert.Single(created.Subsets);
        Assert.Equal(["192.0.2.2"], subset.Addresses.Select(a => a.Ip));
        Assert.Equal(["192.0.2.1"], subset.NotReadyAddresses.Select(a => a.Ip));
    }

    [Fact]
    public async Task Every_endpoints_request_carries_the_deprecation_warning()
    {
        var (created, _) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/endpoints", Json(Endpoints("web", Subset(["192.0.2.1"], null, (null, 80)))));
        var (read, _) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/endpoints/web");
        var (list, _) = await SendAsync(HttpMethod.Get, "/api/v1/endpoints");
        var (missing, _) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/endpoints/nope");

        Assert.All(new[] { created, read, list, missing }, r => Assert.Equal([DeprecationWarning], r.Headers.GetValues("Warning")));
    }
}
