using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s.Models;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>
/// <c>sync --once</c> against a single-stack IPv4 cluster (the fake's default, like most clusters)
/// and against a dual-stack one: which families each Service asks for, and what is reported when
/// the cluster cannot serve a family.
/// </summary>
public sealed class IpFamilyTests : SyncWorldTest
{
    [Fact]
    public async Task On_a_single_stack_cluster_a_dual_stack_service_keeps_its_IPv4_slice_and_reports_IPv6_as_not_served()
    {
        var config = World.WriteConfig(SyncWorld.StaticService("dual", ["192.0.2.1", "2001:db8::1"]));
        World.Api.Writes.Reset();

        var (first, firstReport) = await World.SyncReportAsync(config);
        var firstWrites = World.Api.Writes.ToString();
        var createdSlices = World.Api.Writes.Count("create", "endpointslices");
        var totalFirst = World.Api.Writes.Total;
        World.Api.Writes.Reset();
        var (second, secondReport) = await World.SyncReportAsync(config);

        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        Assert.True(second.ExitCode == ExitCodes.Success, second.ToString());
        // One sync: the Service and its IPv4 slice, never an IPv6 slice that the next sync would withdraw.
        Assert.True(createdSlices == 1 && totalFirst == 2, firstWrites);
        var service = World.Api.Store.Get<V1Service>("default", "dual")!;
        Assert.Equal("PreferDualStack", service.Spec.IpFamilyPolicy);
        Assert.Equal(["IPv4"], service.Spec.IpFamilies);
        var slice = Assert.Single(World.Slices("default", "dual"));
        Assert.Equal("IPv4", slice.AddressType);
        Assert.Equal(["192.0.2.1"], slice.Endpoints.Select(static e => e.Addresses.Single()));
        Assert.Contains(firstReport["default/dual"].Warnings, static w => w.Contains("IPv6 is not served: 1 IPv6 address(es) not published", StringComparison.Ordinal));
        Assert.Contains(secondReport["default/dual"].Warnings, static w => w.Contains("IPv6 is not served: 1 IPv6 address(es) not published", StringComparison.Ordinal));
        Assert.True(World.Api.Writes.Total == 0, $"a second sync wrote {World.Api.Writes}");
    }

    [Fact]
    public async Task On_a_single_stack_cluster_an_IPv6_only_service_fails_saying_so_and_the_others_sync()
    {
        var config = World.WriteConfig(SyncWorld.StaticService("v6", ["2001:db8::1"]) + SyncWorld.StaticService("v4", ["192.0.2.1"]));

        var (run, report) = await World.SyncReportAsync(config);

        Assert.True(run.ExitCode == ExitCodes.PartialFailure, run.ToString());
        Assert.True(report["default/v6"].Is(ServiceStatus.Failed), run.ToString());
        Assert.Contains(report["default/v6"].Errors, static e => e.Contains("IPv6 is not served by this cluster", StringComparison.Ordinal));
        Assert.True(report["default/v4"].Is(ServiceStatus.Synced), run.ToString());
        Assert.Null(World.Api.Store.Get<V1Service>("default", "v6"));
        Assert.Empty(World.Slices("default", "v6"));
        Assert.NotNull(World.Api.Store.Get<V1Service>("default", "v4"));
        Assert.Single(World.Slices("default", "v4"));
    }

    [Fact]
    public async Task On_a_dual_stack_cluster_services_ask_for_the_families_of_their_addresses()
    {
        var world = new SyncWorld(SyncWorld.WithRbac with { DualStack = true });
        await world.InitializeAsync();
        try
        {
            var config = world.WriteConfig(
                SyncWorld.StaticService("v6", ["2001:db8::1"]) + SyncWorld.StaticService("dual", ["192.0.2.1", "2001:db8::1", "192.0.2.2", "2001:DB8::2"]));

            var run = await world.SyncAsync(config);
            world.Api.Writes.Reset();
            var again = await world.SyncAsync(config);

            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            Assert.True(again.ExitCode == ExitCodes.Success, again.ToString());
            Assert.Equal(0, world.Api.Writes.Total);
            var v6 = world.Api.Store.Get<V1Service>("default", "v6")!;
            Assert.Equal("SingleStack", v6.Spec.IpFamilyPolicy);
            Assert.Equal(["IPv6"], v6.Spec.IpFamilies);
            Assert.Equal("IPv6", Assert.Single(world.Slices("default", "v6")).AddressType);
            var dual = world.Api.Store.Get<V1Service>("default", "dual")!;
            Assert.Equal("PreferDualStack", dual.Spec.IpFamilyPolicy);
            Assert.Equal(["IPv4", "IPv6"], dual.Spec.IpFamilies);
            var slices = world.Slices("default", "dual").ToDictionary(static s => s.AddressType);
            Assert.Equal(["192.0.2.1", "192.0.2.2"], slices["IPv4"].Endpoints.Select(static e => e.Addresses.Single()));
            Assert.Equal(["2001:db8::1", "2001:db8::2"], slices["IPv6"].Endpoints.Select(static e => e.Addresses.Single()));
            Assert.DoesNotContain("not served", again.Output, StringComparison.Ordinal);
        }
        finally
        {
            await world.DisposeAsync();
        }
    }
}
