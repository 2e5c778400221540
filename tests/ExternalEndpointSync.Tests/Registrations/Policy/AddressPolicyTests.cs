using System.Net;
using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.Policy;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations.Policy;

/// <summary>Which addresses an ExternalService may publish: the defaults, the admin's additions, and a namespace's exceptions.</summary>
public sealed class AddressPolicyTests
{
    private static readonly ClusterFacts Facts = new()
    {
        PodCidrs = [CidrNotation.Parse("10.244.0.0/16"), CidrNotation.Parse("fd00:10:244::/56")],
        ServiceCidrs = [CidrNotation.Parse("10.96.0.0/12")],
        ServiceCidrsServed = true,
        NodeAddresses = [IPAddress.Parse("192.168.10.5"), IPAddress.Parse("2001:db8:1::5")],
    };

    private static readonly ExternalServicePolicy Policy = new()
    {
        RefusedCidrs = [CidrNotation.Parse("198.51.100.0/24")],
        ClusterNetworks = new ConfiguredClusterNetworks { ServiceCidrs = [CidrNotation.Parse("fd00:10:96::/112")] },
        NamespaceOverrides =
        [
            new NamespacePolicyOverride
            {
                Namespace = "team-a",
                AllowedCidrs = [CidrNotation.Parse("10.244.7.0/24"), CidrNotation.Parse("0.0.0.0/0"), CidrNotation.Parse("::/0")],
            },
        ],
    };

    private static string? Reason(string address, string ns = "team-b") => new AddressPolicy(Policy, Facts).RefusalReason(IPAddress.Parse(address), ns);

    [Theory]
    [InlineData("10.244.3.7", "pod network 10.244.0.0/16")]
    [InlineData("fd00:10:244:0:1::9", "pod network fd00:10:244::/56")]
    [InlineData("10.96.0.1", "Service network 10.96.0.0/12")]
    [InlineData("fd00:10:96::1", "Service network fd00:10:96::/112")]
    [InlineData("192.168.10.5", "the address of a cluster node")]
    [InlineData("2001:db8:1::5", "the address of a cluster node")]
    [InlineData("198.51.100.20", "refused by externalServices.refusedCidrs")]
    [InlineData("169.254.169.254", "the cloud metadata address")]
    [InlineData("169.254.1.1", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("127.0.0.53", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    public void Addresses_in_the_clusters_own_networks_and_the_hosts_are_refused_with_their_reason(string address, string reason) =>
        Assert.Contains(reason, Reason(address), StringComparison.Ordinal);

    [Theory]
    [InlineData("192.0.2.10")]
    [InlineData("10.243.255.255")]
    [InlineData("10.112.0.0")]
    [InlineData("192.168.10.6")]
    [InlineData("2001:db8::10")]
    [InlineData("fd00:10:96::1:0")]
    public void Other_addresses_pass(string address) => Assert.Null(Reason(address));

    [Theory]
    [InlineData("::ffff:10.244.3.7", "pod network 10.244.0.0/16")]
    [InlineData("::ffff:169.254.169.254", "the cloud metadata address")]
    [InlineData("::ffff:192.168.10.5", "the address of a cluster node")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    public void An_ipv4_mapped_ipv6_address_is_judged_as_the_ipv4_address_it_maps(string address, string reason) =>
        Assert.Contains(reason, Reason(address), StringComparison.Ordinal);

    [Fact]
    public void An_ipv4_mapped_address_of_a_fine_ipv4_address_passes() => Assert.Null(Reason("::ffff:192.0.2.10"));

    [Theory]
    [InlineData("10.244.7.9")]
    [InlineData("10.96.0.1")]
    [InlineData("192.168.10.5")]
    [InlineData("198.51.100.20")]
    [InlineData("fd00:10:244::1")]
    public void A_namespaces_allowed_cidrs_let_it_publish_into_refused_networks(string address)
    {
        Assert.Null(Reason(address, "team-a"));
        Assert.NotNull(Reason(address, "team-b"));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.10.1")]
    [InlineData("fe80::1")]
    [InlineData("::1")]
    [InlineData("0.0.0.0")]
    public void No_exception_re_allows_the_hosts_own_addresses(string address) => Assert.NotNull(Reason(address, "team-a"));

    [Fact]
    public void Configured_networks_are_refused_without_any_discovered_ones()
    {
        var policy = new ExternalServicePolicy { ClusterNetworks = new ConfiguredClusterNetworks { PodCidrs = [CidrNotation.Parse("10.42.0.0/16")] } };

        var reason = new AddressPolicy(policy, ClusterFacts.None).RefusalReason(IPAddress.Parse("10.42.1.1"), "team-b");

        Assert.Contains("pod network 10.42.0.0/16", reason, StringComparison.Ordinal);
    }
}
