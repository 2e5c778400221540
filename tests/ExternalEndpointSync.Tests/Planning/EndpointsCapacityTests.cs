using ExternalEndpointSync.Planning;
using k8s.Models;
using Xunit;
using static ExternalEndpointSync.Tests.Planning.PlannerFixtures;

namespace ExternalEndpointSync.Tests.Planning;

/// <summary>Legacy Endpoints are capped as Kubernetes' Endpoints controller caps them (truncateEndpoints); slices stay complete.</summary>
public sealed class EndpointsCapacityTests
{
    private static V1Endpoints PlannedEndpoints(Plan plan) =>
        plan.Services.Single().Desired.OfType<V1Endpoints>().Single();

    [Fact]
    public void Over_1000_addresses_not_ready_ones_go_first_and_the_object_is_marked()
    {
        var spec = Spec("big", endpoints: true);
        var endpoints = Addresses("10.1.0.1", 950).Select(static a => Ready(a))
            .Concat(Addresses("10.2.0.1", 100).Select(static a => NotReady(a)))
            .ToArray();

        var plan = Planner.Plan([Desired(spec, endpoints)], ClusterState.Empty, SyncPolicyOptions);

        var written = PlannedEndpoints(plan);
        Assert.Equal(950, written.Subsets.Sum(static s => s.Addresses?.Count ?? 0));
        Assert.Equal(50, written.Subsets.Sum(static s => s.NotReadyAddresses?.Count ?? 0));
        Assert.Equal("truncated", written.Metadata.Annotations["endpoints.kubernetes.io/over-capacity"]);
        Assert.Equal(1050, plan.Services.Single().EndpointsTruncatedFrom);
        Assert.Equal(1050, plan.Services.Single().Desired.OfType<V1EndpointSlice>().Sum(static s => s.Endpoints.Count));
    }

    [Fact]
    public void Over_1000_ready_addresses_keep_1000_ready_ones_shared_across_subsets_and_no_not_ready_one()
    {
        var spec = Spec("big", endpoints: true);
        var endpoints = Addresses("10.1.0.1", 900).Select(static a => Ready(a, 8080))
            .Concat(Addresses("10.2.0.1", 300).Select(static a => Ready(a, 8081)))
            .Concat(Addresses("10.3.0.1", 10).Select(static a => NotReady(a)))
            .ToArray();

        var written = PlannedEndpoints(Planner.Plan([Desired(spec, endpoints)], ClusterState.Empty, SyncPolicyOptions));

        Assert.Equal(1000, written.Subsets.Sum(static s => s.Addresses?.Count ?? 0));
        Assert.All(written.Subsets, static s => Assert.Null(s.NotReadyAddresses));
        var byPort = written.Subsets.ToDictionary(static s => s.Ports.Single().Port, static s => s.Addresses.Count);
        Assert.Equal(750, byPort[8080]);
        Assert.Equal(250, byPort[8081]);
    }

    [Fact]
    public void A_capped_object_converges_and_loses_its_mark_when_back_under_the_cap()
    {
        var spec = Spec("big", endpoints: true);
        var cluster = Converged([Desired(spec, Addresses("10.1.0.1", 1200))]);
        var again = Planner.Plan([Desired(spec, Addresses("10.1.0.1", 1200))], cluster.State(), SyncPolicyOptions);
        Assert.False(again.HasChanges);

        var shrunk = Step(cluster, [Desired(spec, Addresses("10.1.0.1", 10))]);

        var endpoints = cluster.State().Endpoints.Single();
        Assert.Null(endpoints.Metadata.Annotations);
        Assert.Equal(10, endpoints.Subsets.Single().Addresses.Count);
        Assert.Null(shrunk.Services.Single().EndpointsTruncatedFrom);
    }
}
