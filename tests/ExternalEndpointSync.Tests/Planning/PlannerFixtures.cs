using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;

namespace ExternalEndpointSync.Tests.Planning;

/// <summary>Registrations and endpoints for planner tests, written the short way.</summary>
internal static class PlannerFixtures
{
    public static PlanOptions SyncPolicyOptions { get; } = new("default");

    public static ExternalServiceSpec Spec(
        string name,
        ServiceType type = ServiceType.ClusterIP,
        int maxPerSlice = PublishSpec.DefaultMaxEndpointsPerSlice,
        bool slices = true,
        bool endpoints = false,
        string @namespace = "default",
        params ServicePortSpec[] ports) => new()
        {
            Name = name,
            Namespace = @namespace,
            Type = type,
            ExternalName = type == ServiceType.ExternalName ? $"{name}.example.com" : null,
            Ports = ports.Length > 0 ? [.. ports] : [new ServicePortSpec { Name = "http", Port = 80, TargetPort = 8080 }],
            Publish = new PublishSpec { EndpointSlices = slices, Endpoints = endpoints, MaxEndpointsPerSlice = maxPerSlice },
        };

    public static DesiredService Desired(ExternalServiceSpec spec, IEnumerable<string> addresses) =>
        new(spec, [.. addresses.Select(address => new PublishedEndpoint { Address = address })]);

    public static DesiredService Desired(ExternalServiceSpec spec, params PublishedEndpoint[] endpoints) => new(spec, endpoints);

    public static PublishedEndpoint Ready(string address, int? port = null) => new() { Address = address, Port = port };

    public static PublishedEndpoint NotReady(string address, int? port = null) => new() { Address = address, Port = port, Ready = false, Serving = false };

    public static IReadOnlyList<string> Addresses(string first, int count) => [.. AddressRange.From(first, count)];

    /// <summary>Plans, applies, and returns the cluster with its write counters reset.</summary>
    public static InMemoryCluster Converged(IReadOnlyList<DesiredService> desired, PlanOptions? options = null)
    {
        var cluster = new InMemoryCluster();
        cluster.Apply(Planner.Plan(desired, cluster.State(), options ?? SyncPolicyOptions));
        cluster.ResetCounts();
        return cluster;
    }

    /// <summary>Plans and applies once; the returned plan is what was applied.</summary>
    public static Plan Step(InMemoryCluster cluster, IReadOnlyList<DesiredService> desired, PlanOptions? options = null)
    {
        var plan = Planner.Plan(desired, cluster.State(), options ?? SyncPolicyOptions);
        cluster.Apply(plan);
        return plan;
    }
}
