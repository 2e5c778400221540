using ExternalEndpointSync.Planning;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.Planning;

public sealed class EndpointsPackerTests
{
    private static readonly Corev1EndpointPort Http = new() { Name = "http", Port = 80, Protocol = "TCP" };
    private static readonly Corev1EndpointPort Metrics = new() { Name = "metrics", Port = 9090, Protocol = "TCP" };

    [Fact]
    public void Merges_ports_offered_by_the_same_addresses_and_sorts_addresses_as_text()
    {
        var packed = EndpointsPacker.Repack([
            Subset(ready: ["10.0.0.2"], ports: [Http]),
            Subset(ready: ["10.0.0.10"], ports: [Http, Metrics]),
            Subset(ready: ["10.0.0.2"], ports: [Metrics]),
            Subset(ready: ["10.0.0.10"], ports: [Http]),
        ]);

        var subset = Assert.Single(packed!);
        Assert.Equal(["10.0.0.10", "10.0.0.2"], subset.Addresses.Select(address => address.Ip));
        Assert.Equal(["http", "metrics"], subset.Ports.Select(port => port.Name));
        Assert.Null(subset.NotReadyAddresses);
    }

    [Fact]
    public void Not_ready_wins_over_ready_for_the_same_address_and_port()
    {
        var packed = EndpointsPacker.Repack([
            Subset(ready: ["192.0.2.1", "192.0.2.2"], ports: [Http]),
            Subset(notReady: ["192.0.2.1"], ports: [Http]),
        ]);

        var subset = Assert.Single(packed!);
        Assert.Equal(["192.0.2.2"], subset.Addresses.Select(address => address.Ip));
        Assert.Equal(["192.0.2.1"], subset.NotReadyAddresses.Select(address => address.Ip));
    }

    [Fact]
    public void Different_readiness_per_port_makes_separate_subsets()
    {
        var packed = EndpointsPacker.Repack([
            Subset(ready: ["192.0.2.1"], ports: [Http]),
            Subset(notReady: ["192.0.2.1"], ports: [Metrics]),
        ]);

        Assert.Equal(2, packed!.Count);
    }

    [Fact]
    public void Keeps_addresses_without_ports_and_drops_empty_subsets()
    {
        var packed = EndpointsPacker.Repack([Subset(ready: ["192.0.2.1"]), Subset(ports: [Http])]);

        var subset = Assert.Single(packed!);
        Assert.Null(subset.Ports);
        Assert.Null(EndpointsPacker.Repack([]));
    }

    [Fact]
    public void Packed_forms_compare_equal_whatever_the_order_read_back()
    {
        IList<V1EndpointSubset> written = [
            Subset(ready: ["192.0.2.1", "192.0.2.3"], ports: [Http, Metrics]),
            Subset(notReady: ["192.0.2.2"], ports: [Http]),
        ];
        IList<V1EndpointSubset> readBack = [
            Subset(notReady: ["192.0.2.2"], ports: [Http]),
            Subset(ready: ["192.0.2.3", "192.0.2.1"], ports: [Metrics, Http]),
        ];

        Assert.True(EndpointsPacker.SamePacked(readBack, written));
        Assert.False(EndpointsPacker.SamePacked(readBack, [Subset(ready: ["192.0.2.1", "192.0.2.3"], ports: [Http, Metrics])]));
        Assert.True(EndpointsPacker.SamePacked(null, []));
    }

    private static V1EndpointSubset Subset(string[]? ready = null, string[]? notReady = null, Corev1EndpointPort[]? ports = null) => new()
    {
        Addresses = ready?.Select(ip => new V1EndpointAddress { Ip = ip }).ToList(),
        NotReadyAddresses = notReady?.Select(ip => new V1EndpointAddress { Ip = ip }).ToList(),
        Ports = ports?.Select(port => port with { }).ToList(),
    };
}
