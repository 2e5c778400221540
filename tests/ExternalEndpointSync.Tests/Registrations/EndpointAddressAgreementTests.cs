using System.Net.Sockets;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using ExternalEndpointSync.Tests.FakeKubernetes;
using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations;

/// <summary>The product and the fake API server judge every address of <see cref="EndpointAddressCases"/> the same way.</summary>
public sealed class EndpointAddressAgreementTests : FakeApiTestBase
{
    [Theory]
    [MemberData(nameof(EndpointAddressCases.All), MemberType = typeof(EndpointAddressCases))]
    public void The_product_rules_give_the_verdict(string text, AddressVerdict verdict)
    {
        var accepted = EndpointAddressRules.TryParse(text, out var address, out var reason);

        var actual = accepted
            ? (address!.IsIPv4MappedToIPv6 || address.AddressFamily == AddressFamily.InterNetwork ? AddressVerdict.IPv4 : AddressVerdict.IPv6)
            : address is null ? AddressVerdict.NotAnIp
            : reason switch
            {
                EndpointAddressRules.Unspecified => AddressVerdict.Unspecified,
                EndpointAddressRules.Loopback => AddressVerdict.Loopback,
                EndpointAddressRules.LinkLocal => AddressVerdict.LinkLocal,
                EndpointAddressRules.LinkLocalMulticast => AddressVerdict.LinkLocalMulticast,
                _ => throw new InvalidOperationException(reason),
            };
        Assert.Equal(verdict, actual);
    }

    [Theory]
    [MemberData(nameof(EndpointAddressCases.All), MemberType = typeof(EndpointAddressCases))]
    public void The_fake_rules_give_the_verdict(string text, AddressVerdict verdict)
    {
        var ip = SpecialAddressRules.ParseIp(text);

        var violation = ip is null ? null : SpecialAddressRules.Violation(ip);
        var actual = ip is null ? AddressVerdict.NotAnIp
            : violation is null ? (SpecialAddressRules.FamilyOf(ip) == AddressFamily.InterNetwork ? AddressVerdict.IPv4 : AddressVerdict.IPv6)
            : violation.Contains("unspecified", StringComparison.Ordinal) ? AddressVerdict.Unspecified
            : violation.Contains("loopback", StringComparison.Ordinal) ? AddressVerdict.Loopback
            : violation.Contains("link-local multicast", StringComparison.Ordinal) ? AddressVerdict.LinkLocalMulticast
            : AddressVerdict.LinkLocal;
        Assert.Equal(verdict, actual);
    }

    [Theory]
    [MemberData(nameof(EndpointAddressCases.All), MemberType = typeof(EndpointAddressCases))]
    public async Task The_fake_server_accepts_exactly_the_publishable_addresses(string text, AddressVerdict verdict)
    {
        var publishable = verdict is AddressVerdict.IPv4 or AddressVerdict.IPv6;
        var family = verdict == AddressVerdict.IPv6 ? "IPv6" : "IPv4";
        var otherFamily = family == "IPv4" ? "IPv6" : "IPv4";
        var endpoints = new V1Endpoints
        {
            Metadata = new V1ObjectMeta { Name = "svc" },
            Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = text }], Ports = [new Corev1EndpointPort { Port = 80 }] }],
        };

        var sliceAccepted = await AcceptedAsync(() => Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("s1", family, text), "default"));
        var otherFamilyAccepted = await AcceptedAsync(() => Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("s2", otherFamily, text), "default"));
        var endpointsAccepted = await AcceptedAsync(() => Client.CoreV1.CreateNamespacedEndpointsAsync(endpoints, "default"));

        Assert.Equal(publishable, sliceAccepted);
        Assert.False(otherFamilyAccepted);
        Assert.Equal(publishable, endpointsAccepted);
    }

    private static async Task<bool> AcceptedAsync(Func<Task> create)
    {
        try
        {
            await create();
            return true;
        }
        catch (k8s.Autorest.HttpOperationException e) when ((int)e.Response.StatusCode == 422)
        {
            return false;
        }
    }
}
