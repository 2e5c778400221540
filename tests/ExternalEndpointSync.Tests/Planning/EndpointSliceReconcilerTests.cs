using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.Planning;

/// <summary>Tables of the writes the reconciler chooses, counted as Kubernetes' reconciler tests count API calls.</summary>
public sealed class EndpointSliceReconcilerTests
{
    private const string Uid = "service-uid";
    private static readonly ServiceContext Service = new(PlannerFixtures.Spec("svc"), "default");

    [Fact]
    public void New_endpoints_go_first_into_a_slice_already_being_updated()
    {
        var existing = new[] { Slice("svc-a", "10.0.0.1", "10.0.0.2", "10.0.0.3"), Slice("svc-b", "10.0.0.4", "10.0.0.5", "10.0.0.6") };

        var changes = Reconcile(existing, maxPerSlice: 4, "10.0.0.1", "10.0.0.2", "10.0.0.4", "10.0.0.5", "10.0.0.6", "10.0.0.7", "10.0.0.8");

        Assert.Equal((0, 1, 0, 1), Counts(changes));
        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.7", "10.0.0.8"], Addresses(changes.Update.Single().Updated));
        Assert.Equal("svc-a", changes.Update.Single().Updated.Metadata.Name);
    }

    [Theory]
    [InlineData(2, "svc-b")]
    [InlineData(3, "svc-a")]
    public void A_small_remainder_goes_into_the_unchanged_slice_it_leaves_closest_to_full(int added, string expected)
    {
        var existing = new[] { Slice("svc-a", Range("10.0.0.1", 5)), Slice("svc-b", Range("10.0.1.1", 8)) };

        var changes = Reconcile(existing, maxPerSlice: 10, [.. Range("10.0.0.1", 5), .. Range("10.0.1.1", 8), .. Range("10.0.2.1", added)]);

        Assert.Equal((0, 1, 0, 1), Counts(changes));
        Assert.Equal(expected, changes.Update.Single().Updated.Metadata.Name);
    }

    [Fact]
    public void A_remainder_as_large_as_a_slice_gets_new_slices_first()
    {
        var existing = new[] { Slice("svc-a", "10.0.0.1") };

        var changes = Reconcile(existing, maxPerSlice: 2, "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4");

        Assert.Equal((1, 1, 0, 0), Counts(changes));
        Assert.Equal(["10.0.0.2", "10.0.0.3"], Addresses(changes.Create.Single()));
        Assert.Equal(["10.0.0.1", "10.0.0.4"], Addresses(changes.Update.Single().Updated));
    }

    [Fact]
    public void Slices_are_never_rebalanced()
    {
        var existing = new[] { Slice("svc-a", "10.0.0.1"), Slice("svc-b", "10.0.0.2"), Slice("svc-c", "10.0.0.3") };

        var changes = Reconcile(existing, maxPerSlice: 100, "10.0.0.1", "10.0.0.2", "10.0.0.3");

        Assert.Equal((0, 0, 0, 3), Counts(changes));
    }

    [Fact]
    public void A_delete_and_a_create_of_the_same_address_type_become_one_update()
    {
        var oldPorts = new[] { new Discoveryv1EndpointPort { Name = "http", Port = 8000, Protocol = "TCP" } };
        var existing = new[] { Slice("svc-a", oldPorts, "10.0.0.1") };

        var changes = Reconcile(existing, maxPerSlice: 100, "10.0.0.1", "10.0.0.2");

        Assert.Equal((0, 1, 0, 0), Counts(changes));
        var (current, updated) = changes.Update.Single();
        Assert.Equal(current.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
        Assert.Equal(8080, updated.Ports.Single().Port);
        Assert.Equal(["10.0.0.1", "10.0.0.2"], Addresses(updated));
    }

    [Fact]
    public void A_slice_of_another_address_type_is_not_reused()
    {
        var existing = new[] { Slice("svc-a", "10.0.0.1") };

        var changes = Reconcile(existing, maxPerSlice: 100, "2001:db8::1");

        Assert.Equal((1, 0, 1, 0), Counts(changes));
        Assert.Equal("IPv6", changes.Create.Single().AddressType);
    }

    [Fact]
    public void A_slice_owned_by_another_uid_or_missing_our_labels_is_rewritten()
    {
        var wrongOwner = Slice("svc-a", "10.0.0.1");
        wrongOwner.Metadata.OwnerReferences[0].Uid = "old-service-uid";
        var missingLabel = Slice("svc-b", "10.0.0.2");
        missingLabel.Metadata.Labels.Remove(OwnershipLabels.SliceManagedByKey);
        missingLabel.Metadata.Labels["extra"] = "kept";

        var changes = Reconcile([wrongOwner, missingLabel], maxPerSlice: 100, "10.0.0.1", "10.0.0.2");

        Assert.Equal((0, 2, 0, 0), Counts(changes));
        Assert.All(changes.Update, update => Assert.Equal(Uid, update.Updated.Metadata.OwnerReferences.Single().Uid));
        Assert.Equal("kept", changes.Update[1].Updated.Metadata.Labels["extra"]);
    }

    [Fact]
    public void An_existing_placeholder_is_kept_and_others_are_deleted()
    {
        var placeholder = Slice("svc-z");
        var existing = new[] { Slice("svc-a", "10.0.0.1"), placeholder };

        var changes = Reconcile(existing, maxPerSlice: 100);

        Assert.Equal((0, 0, 1, 1), Counts(changes));
        Assert.Same(placeholder, changes.Unchanged.Single());
    }

    [Fact]
    public void Without_a_placeholder_every_slice_is_deleted()
    {
        var changes = EndpointSliceReconciler.Reconcile(Service, Uid, [], [Slice("svc-a", "10.0.0.1"), Slice("svc-b")], 100, placeholder: null);

        Assert.Equal((0, 0, 2, 0), Counts(changes));
    }

    private static SliceChanges Reconcile(IReadOnlyList<V1EndpointSlice> existing, int maxPerSlice, params string[] addresses)
    {
        var (accepted, _) = AddressFilter.Filter([.. addresses.Select(address => new PublishedEndpoint { Address = address })], 8080);
        var placeholder = EndpointSliceBuilder.New(Service, Uid, EndpointSliceBuilder.IPv4, EndpointGroup.PortsFor(Service.Spec.Ports, null), []);
        return EndpointSliceReconciler.Reconcile(Service, Uid, EndpointGroup.From(Service.Spec.Ports, accepted), existing, maxPerSlice, placeholder);
    }

    private static (int Create, int Update, int Delete, int Unchanged) Counts(SliceChanges changes) =>
        (changes.Create.Count, changes.Update.Count, changes.Delete.Count, changes.Unchanged.Count);

    private static V1EndpointSlice Slice(string name, params string[] addresses) =>
        Slice(name, EndpointGroup.PortsFor(Service.Spec.Ports, null), addresses);

    private static V1EndpointSlice Slice(string name, IReadOnlyList<Discoveryv1EndpointPort> ports, params string[] addresses)
    {
        var (accepted, _) = AddressFilter.Filter([.. addresses.Select(address => new PublishedEndpoint { Address = address })], 8080);
        var slice = EndpointSliceBuilder.New(Service, Uid, accepted.Count > 0 ? accepted[0].AddressType : "IPv4", ports, accepted.Select(EndpointSliceBuilder.Endpoint));
        slice.Metadata.Name = name;
        slice.Metadata.Uid = name + "-uid";
        slice.Metadata.ResourceVersion = "7";
        return slice;
    }

    private static string[] Range(string first, int count) => [.. AddressRange.From(first, count)];

    private static string[] Addresses(V1EndpointSlice slice) => [.. slice.Endpoints.Select(endpoint => endpoint.Addresses[0])];
}
