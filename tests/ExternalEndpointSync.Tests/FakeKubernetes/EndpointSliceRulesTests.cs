using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

public sealed class EndpointSliceRulesTests : FakeApiTestBase
{
    private Task<V1EndpointSlice> CreateAsync(V1EndpointSlice slice) => Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(slice, "default");

    [Fact]
    public async Task Address_type_is_required_and_must_be_supported()
    {
        var missing = await ApiAssert.InvalidAsync(() => CreateAsync(Slice("a", null!, "192.0.2.1")));
        var unknown = await ApiAssert.InvalidAsync(() => CreateAsync(Slice("b", "IPv5", "192.0.2.1")));

        ApiAssert.HasCause(missing, "FieldValueRequired", "addressType");
        ApiAssert.HasCause(unknown, "FieldValueNotSupported", "addressType", "supported values: \"FQDN\", \"IPv4\", \"IPv6\"");
    }

    [Fact]
    public async Task Address_type_is_immutable()
    {
        var created = await CreateAsync(Slice("s", "IPv4", "192.0.2.1"));
        created.AddressType = "IPv6";
        created.Endpoints = [new V1Endpoint { Addresses = ["2001:db8::1"] }];

        var causes = await ApiAssert.InvalidAsync(() => Client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(created, "s", "default"));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "addressType", "field is immutable");
    }

    [Fact]
    public async Task Fqdn_slices_are_accepted_with_a_deprecation_warning()
    {
        var (response, _) = await SendAsync(HttpMethod.Post, "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices", Json(Slice("f", "FQDN", "db.example.com")));

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Warning"), w => w.StartsWith("299 - ", StringComparison.Ordinal) && w.Contains("FQDN", StringComparison.Ordinal));
    }

    [Fact]
    public async Task At_most_1000_endpoints_per_slice()
    {
        var ok = Slice("ok", "IPv4", Enumerable.Range(0, 1000).Select(i => $"10.1.{i / 250}.{(i % 250) + 1}").ToArray());
        var tooMany = Slice("too-many", "IPv4", Enumerable.Range(0, 1001).Select(i => $"10.1.{i / 250}.{(i % 250) + 1}").ToArray());

        await CreateAsync(ok);
        var causes = await ApiAssert.InvalidAsync(() => CreateAsync(tooMany));

        ApiAssert.HasCause(causes, "FieldValueTooMany", "endpoints", "must have at most 1000 items");
    }

    [Fact]
    public async Task Each_endpoint_has_1_to_100_addresses()
    {
        var none = Slice("none", "IPv4");
        none.Endpoints = [new V1Endpoint { Addresses = [] }];
        var tooMany = Slice("many", "IPv4");
        tooMany.Endpoints = [new V1Endpoint { Addresses = Enumerable.Range(1, 101).Select(i => $"10.2.0.{i}").ToList() }];

        ApiAssert.HasCause(await ApiAssert.InvalidAsync(() => CreateAsync(none)), "FieldValueRequired", "endpoints[0].addresses");
        ApiAssert.HasCause(await ApiAssert.InvalidAsync(() => CreateAsync(tooMany)), "FieldValueTooMany", "endpoints[0].addresses");
    }

    [Fact]
    public async Task Fqdn_addresses_need_two_labels_and_may_end_with_a_dot()
    {
        // IsFullyQualifiedDomainName (apimachinery/pkg/util/validation).
        var single = await ApiAssert.InvalidAsync(() => CreateAsync(Slice("a", "FQDN", "db")));
        var badLabel = await ApiAssert.InvalidAsync(() => CreateAsync(Slice("b", "FQDN", "db_1.example.com")));
        var dotted = await CreateAsync(Slice("c", "FQDN", "db.example.com."));

        ApiAssert.HasCause(single, "FieldValueInvalid", "endpoints[0].addresses[0]", "at least two segments");
        ApiAssert.HasCause(badLabel, "FieldValueInvalid", "endpoints[0].addresses[0]");
        Assert.Equal(["db.example.com."], dotted.Endpoints.Single().Addresses);
    }

    [Fact]
    public async Task An_ipv4_mapped_address_belongs_to_an_IPv4_slice()
    {
        var created = await CreateAsync(Slice("a", "IPv4", "::ffff:192.0.2.1"));
        var v6 = await ApiAssert.InvalidAsync(() => CreateAsync(Slice("b", "IPv6", "::ffff:192.0.2.1")));

        Assert.Equal("IPv4", created.AddressType);
        ApiAssert.HasCause(v6, "FieldValueInvalid", "endpoints[0].addresses[0]", "must be a valid IPv6 address");
    }

    [Fact]
    public async Task Addresses_must_match_the_slice_family()
    {
        var v4 = await ApiAssert.InvalidAsync(() => CreateAsync(Slice("a", "IPv4", "2001:db8::1")));
        var v6 = await ApiAssert.InvalidAsync(() => CreateAsync(Slice("b", "IPv6", "192.0.2.1")));

        ApiAssert.HasCause(v4, "FieldValueInvalid", "endpoints[0].addresses[0]", "must be a valid IPv4 address");
        ApiAssert.HasCause(v6, "FieldValueInvalid", "endpoints[0].addresses[0]", "must be a valid IPv6 address");
    }

    [Theory]
    [InlineData("IPv4", "0.0.0.0")]
    [InlineData("IPv4", "127.0.0.53")]
    [InlineData("IPv4", "169.254.169.254")]
    [InlineData("IPv4", "224.0.0.1")]
    [InlineData("IPv6", "::1")]
    [InlineData("IPv6", "fe80::1")]
    [InlineData("IPv6", "ff02::2")]
    public async Task Special_addresses_are_rejected(string family, string address)
    {
        var causes = await ApiAssert.InvalidAsync(() => CreateAsync(Slice("s", family, address)));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "endpoints[0].addresses[0]", "may not be");
    }

    [Fact]
    public async Task Hostname_must_be_a_dns_label()
    {
        var slice = Slice("s", "IPv4", "192.0.2.1");
        slice.Endpoints[0].Hostname = "Not_Valid";

        var causes = await ApiAssert.InvalidAsync(() => CreateAsync(slice));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "endpoints[0].hostname");
    }

    [Fact]
    public async Task Two_unnamed_ports_are_duplicates()
    {
        var slice = Slice("s", "IPv4", "192.0.2.1");
        slice.Ports = [new Discoveryv1EndpointPort { Port = 80 }, new Discoveryv1EndpointPort { Port = 81 }];

        var causes = await ApiAssert.InvalidAsync(() => CreateAsync(slice));

        ApiAssert.HasCause(causes, "FieldValueDuplicate", "ports[1].name", "Duplicate value: \"\"");
    }

    [Fact]
    public async Task Port_names_protocols_and_numbers_are_validated()
    {
        var slice = Slice("s", "IPv4", "192.0.2.1");
        slice.Ports = [new Discoveryv1EndpointPort { Name = "Bad_Name", Port = 0, Protocol = "ICMP" }];

        var causes = await ApiAssert.InvalidAsync(() => CreateAsync(slice));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "ports[0].name");
        ApiAssert.HasCause(causes, "FieldValueInvalid", "ports[0].port");
        ApiAssert.HasCause(causes, "FieldValueNotSupported", "ports[0].protocol");
    }

    [Fact]
    public async Task Port_name_and_protocol_are_defaulted()
    {
        var slice = Slice("s", "IPv4", "192.0.2.1");
        slice.Ports = [new Discoveryv1EndpointPort { Port = 80 }];

        var created = await CreateAsync(slice);

        Assert.Equal(string.Empty, created.Ports[0].Name);
        Assert.Equal("TCP", created.Ports[0].Protocol);
    }

    [Fact]
    public async Task Empty_endpoints_and_ports_read_back_as_null()
    {
        var slice = Slice("empty", "IPv4");
        slice.Ports = [];

        await CreateAsync(slice);
        var (_, body) = await SendAsync(HttpMethod.Get, "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/empty");

        Assert.True(body.ContainsKey("endpoints"));
        Assert.Null(body["endpoints"]);
        Assert.Null(body["ports"]);
    }
}
