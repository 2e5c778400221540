using System.Net;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;
using Xunit;

namespace ExternalEndpointSync.Tests.Health;

public sealed class ProbeTargetsTests
{
    private static ExternalServiceSpec Service(int? checkPort, params ServicePortSpec[] ports) => new()
    {
        Name = "orders-db",
        Ports = [.. ports],
        HealthCheck = new HealthCheckSpec { Type = HealthCheckType.Tcp, Port = checkPort },
    };

    [Fact]
    public void The_check_port_wins()
    {
        var (target, _) = ProbeTargets.Resolve(Service(9000, new ServicePortSpec { Port = 5432 }), new ResolvedEndpoint { Address = "10.0.0.1", Port = 6000 });

        Assert.Equal(9000, target!.Port);
    }

    [Fact]
    public void Then_the_endpoint_s_own_port()
    {
        var (target, _) = ProbeTargets.Resolve(Service(null, new ServicePortSpec { Port = 5432 }), new ResolvedEndpoint { Address = "10.0.0.1", Port = 6000 });

        Assert.Equal(6000, target!.Port);
    }

    [Fact]
    public void Then_the_endpoint_port_of_the_first_declared_port()
    {
        var (target, _) = ProbeTargets.Resolve(
            Service(null, new ServicePortSpec { Port = 80, TargetPort = 8080 }, new ServicePortSpec { Port = 443 }),
            new ResolvedEndpoint { Address = "2001:db8::10" });

        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::10"), 8080), target!.EndPoint);
        Assert.Equal("[2001:db8::10]:8080", target.ToString());
    }

    [Fact]
    public void No_port_anywhere_cannot_be_probed()
    {
        var (target, error) = ProbeTargets.Resolve(Service(null), new ResolvedEndpoint { Address = "10.0.0.1" });

        Assert.Null(target);
        Assert.Contains("no port", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_instead_of_an_address_cannot_be_probed()
    {
        var (target, error) = ProbeTargets.Resolve(Service(80), new ResolvedEndpoint { Address = "db.example.com" });

        Assert.Null(target);
        Assert.Contains("not an IP address", error, StringComparison.Ordinal);
    }
}
