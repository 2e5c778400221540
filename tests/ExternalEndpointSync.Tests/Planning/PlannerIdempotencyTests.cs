using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using Xunit;
using static ExternalEndpointSync.Tests.Planning.PlannerFixtures;

namespace ExternalEndpointSync.Tests.Planning;

/// <summary>
/// Plans applied to an <see cref="InMemoryCluster"/>: planning again afterwards must give no change,
/// and a small change of input must cost as few writes as Kubernetes' own reconciler would make.
/// </summary>
public sealed class PlannerIdempotencyTests
{
    private static readonly ResourceOrigin Resource = new("default", "a", "resource-uid", 1);

    public static TheoryData<string> Scenarios() => new(ScenarioInputs.Keys.Order(StringComparer.Ordinal));

    private static readonly Dictionary<string, IReadOnlyList<DesiredService>> ScenarioInputs = new(StringComparer.Ordinal)
    {
        ["clusterip"] = [Desired(Spec("a"), Ready("192.0.2.1"), NotReady("192.0.2.2"))],
        ["headless-without-ports"] = [Desired(Spec("a", ServiceType.Headless) with { Ports = [] }, Ready("192.0.2.1"))],
        ["externalname"] = [Desired(Spec("a", ServiceType.ExternalName), Ready("192.0.2.1"))],
        ["dual-stack"] = [Desired(Spec("a"), Addresses("192.0.2.1", 30).Concat(Addresses("2001:db8::1", 30)).Select(address => Ready(address)).ToArray())],
        ["learned-ports"] = [Desired(Spec("a", ports: [new() { Name = "a", Port = 1 }, new() { Name = "b", Port = 2, Protocol = "UDP" }]), Ready("192.0.2.1", 1000), Ready("192.0.2.1", 1001), Ready("192.0.2.2"))],
        ["learned-ports-without-declared-ports"] = [Desired(Spec("a", ServiceType.Headless, endpoints: true) with { Ports = [] }, Ready("192.0.2.1", 1000), NotReady("192.0.2.1", 1001))],
        ["learned-port-equal-to-the-declared-one"] = [Desired(Spec("a"), NotReady("192.0.2.1"), Ready("192.0.2.1", 8080))],
        ["legacy-endpoints-too"] = [Desired(Spec("a", endpoints: true), Ready("192.0.2.1", 81), NotReady("192.0.2.2"), Ready("2001:db8::1"))],
        ["legacy-endpoints-only"] = [Desired(Spec("a", slices: false, endpoints: true), Ready("192.0.2.1"))],
        ["no-endpoints"] = [Desired(Spec("a", endpoints: true))],
        ["only-rejected-addresses"] = [Desired(Spec("a"), Ready("127.0.0.1"), Ready("fe80::1"))],
        ["several-services"] = [Desired(Spec("b", @namespace: "x"), Ready("192.0.2.1")), Desired(Spec("a", @namespace: "y"), Ready("192.0.2.2"))],
        ["thousands"] = [Desired(Spec("a", maxPerSlice: 100), Addresses("10.0.0.1", 2500))],
        ["external-service"] = [Desired(Spec("a", endpoints: true) with { Origin = Resource }, Ready("192.0.2.1"))],
        ["external-service-externalname"] = [Desired(Spec("a", ServiceType.ExternalName) with { Origin = Resource })],
        ["duplicates"] = [Desired(Spec("a", endpoints: true), Ready("192.0.2.1"), NotReady("192.0.2.1"), Ready("::ffff:192.0.2.1"), Ready("2001:DB8::1"), Ready("2001:db8::0:1"))],
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Planning_again_after_applying_changes_nothing(string scenario)
    {
        var desired = ScenarioInputs[scenario];
        var cluster = new InMemoryCluster();

        var first = Step(cluster, desired);
        var second = Planner.Plan(desired, cluster.State(), SyncPolicyOptions);

        Assert.True(first.HasChanges);
        Assert.False(second.HasChanges, PlanYaml.Render(second));
        Assert.Equal(
            first.Services.Select(service => service.Desired.Count),
            second.Services.Select(service => service.Desired.Count));
    }

    [Fact]
    public void A_service_changing_hands_between_the_file_and_an_external_service_is_one_update_of_its_owner_references_each_way()
    {
        var fromFile = Desired(Spec("a", endpoints: true), Ready("192.0.2.1"));
        var cluster = Converged([fromFile]);
        cluster.ResetCounts();

        var taken = Step(cluster, [fromFile with { Spec = fromFile.Spec with { Origin = Resource } }]);
        var owners = Assert.Single(taken.Services).Desired.Where(static o => o is not k8s.Models.V1EndpointSlice).Select(static o => Assert.Single(o.Metadata.OwnerReferences!)).ToList();
        Assert.Equal(2, owners.Count);
        Assert.All(owners, static o => Assert.Equal(("resource-uid", true, true), (o.Uid, o.Controller, o.BlockOwnerDeletion)));
        Assert.Equal((2, 2), (cluster.Writes, cluster.Updates));

        cluster.ResetCounts();
        var given = Step(cluster, [fromFile]);
        Assert.All(Assert.Single(given.Services).Desired.Where(static o => o is not k8s.Models.V1EndpointSlice), static o => Assert.Null(o.Metadata.OwnerReferences));
        Assert.Equal((2, 2), (cluster.Writes, cluster.Updates));
    }

    [Fact]
    public void Thousands_of_addresses_fill_exactly_as_many_slices_as_needed()
    {
        var cluster = Converged([Desired(Spec("a"), Addresses("10.0.0.1", 2500))]);

        Assert.Equal(25, cluster.Slices.Count);
        Assert.All(cluster.Slices, slice => Assert.Equal(100, slice.Endpoints.Count));
        Assert.Equal(2500, cluster.Slices.SelectMany(slice => slice.Endpoints).Select(endpoint => endpoint.Addresses[0]).Distinct().Count());
    }

    [Fact]
    public void Changing_one_address_among_thousands_rewrites_one_slice()
    {
        var addresses = Addresses("10.0.0.1", 2500).ToList();
        var cluster = Converged([Desired(Spec("a"), addresses)]);
        var replaced = addresses[1234];
        addresses[1234] = "10.200.0.1";

        var plan = Step(cluster, [Desired(Spec("a"), addresses)]);

        var change = Assert.Single(plan.Services.Single().Changes);
        Assert.Equal(ChangeAction.Update, change.Action);
        Assert.Equal(1, cluster.Writes);
        Assert.Equal(25, plan.Services.Single().Unchanged);
        Assert.Contains(cluster.Slices, slice => slice.Endpoints.Any(endpoint => endpoint.Addresses[0] == "10.200.0.1"));
        Assert.DoesNotContain(cluster.Slices, slice => slice.Endpoints.Any(endpoint => endpoint.Addresses[0] == replaced));
        Assert.False(Planner.Plan([Desired(Spec("a"), addresses)], cluster.State(), SyncPolicyOptions).HasChanges);
    }

    /// <summary>2450 addresses leave room in the last slice of 100; 2500 fill all 25.</summary>
    [Theory]
    [InlineData(2450, 0, 1, 25)]
    [InlineData(2500, 1, 0, 26)]
    public void Adding_one_address_updates_the_slice_with_room_or_creates_one_when_every_slice_is_full(int existing, int creates, int updates, int slices)
    {
        var addresses = Addresses("10.0.0.1", existing).ToList();
        var cluster = Converged([Desired(Spec("a"), addresses)]);

        Step(cluster, [Desired(Spec("a"), [.. addresses, "10.200.0.1"])]);

        Assert.Equal((creates, updates, 0), (cluster.Creates, cluster.Updates, cluster.Deletes));
        Assert.Equal(slices, cluster.Slices.Count);
    }

    [Fact]
    public void Removing_one_address_or_changing_its_readiness_rewrites_one_slice()
    {
        var addresses = Addresses("10.0.0.1", 500).ToList();
        var cluster = Converged([Desired(Spec("a"), addresses)]);

        Step(cluster, [Desired(Spec("a"), addresses.Skip(1))]);
        Assert.Equal(1, cluster.Writes);

        cluster.ResetCounts();
        Step(cluster, [Desired(Spec("a"), [.. addresses.Skip(1).Select(address => address == "10.0.1.1" ? NotReady(address) : Ready(address))])]);
        Assert.Equal((0, 1, 0), (cluster.Creates, cluster.Updates, cluster.Deletes));
    }

    [Fact]
    public void Dual_stack_addresses_get_separate_slices_per_family()
    {
        var cluster = Converged([Desired(Spec("a"), [.. Addresses("192.0.2.1", 3), .. Addresses("2001:db8::1", 2)])]);

        Assert.Collection(
            cluster.Slices.OrderBy(slice => slice.AddressType, StringComparer.Ordinal),
            ipv4 => Assert.Equal(("IPv4", 3), (ipv4.AddressType, ipv4.Endpoints.Count)),
            ipv6 => Assert.Equal(("IPv6", 2), (ipv6.AddressType, ipv6.Endpoints.Count)));
    }

    [Fact]
    public void Duplicate_slices_heal_to_one_copy_of_each_endpoint()
    {
        var desired = new[] { Desired(Spec("a"), Addresses("192.0.2.1", 150)) };
        var healthy = Converged(desired);
        var state = healthy.State();
        var copies = state.EndpointSlices.Select(slice =>
        {
            var copy = KubernetesCopy(slice);
            copy.Metadata.Name += "-copy";
            copy.Metadata.Uid += "-copy";
            return copy;
        });
        var cluster = new InMemoryCluster(state with { EndpointSlices = [.. state.EndpointSlices, .. copies] });

        Step(cluster, desired);

        var published = cluster.Slices.SelectMany(slice => slice.Endpoints).Select(endpoint => endpoint.Addresses[0]).ToList();
        Assert.Equal(150, published.Count);
        Assert.Equal(150, published.Distinct().Count());
        Assert.Equal(2, cluster.Deletes);
        Assert.False(Planner.Plan(desired, cluster.State(), SyncPolicyOptions).HasChanges);
    }

    [Fact]
    public void Every_transition_between_types_and_publish_settings_converges()
    {
        var endpoints = new[] { Ready("192.0.2.1"), NotReady("192.0.2.2"), Ready("2001:db8::1") };
        var steps = new[]
        {
            Spec("a"),
            Spec("a", ServiceType.Headless, endpoints: true),
            Spec("a", ServiceType.ExternalName),
            Spec("a", endpoints: true),
            Spec("a", slices: false, endpoints: true),
            Spec("a", ServiceType.Headless, slices: false),
            Spec("a", maxPerSlice: 1),
            Spec("a", ports: [new() { Name = "other", Port = 443 }]),
        };
        var cluster = new InMemoryCluster();
        foreach (var spec in steps)
        {
            Step(cluster, [Desired(spec, endpoints)]);

            var again = Planner.Plan([Desired(spec, endpoints)], cluster.State(), SyncPolicyOptions);
            Assert.False(again.HasChanges, $"{spec.Type} slices={spec.Publish.EndpointSlices} endpoints={spec.Publish.Endpoints}:\n{PlanYaml.Render(again)}");
        }

        Step(cluster, []);
        var empty = cluster.State();
        Assert.Equal((0, 0, 0), (empty.Services.Count, empty.EndpointSlices.Count, empty.Endpoints.Count));
    }

    private static T KubernetesCopy<T>(T value) where T : class => k8s.KubernetesJson.Deserialize<T>(k8s.KubernetesJson.Serialize(value));
}
