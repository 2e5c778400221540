using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using k8s;
using k8s.Models;
using Xunit;
using static ExternalEndpointSync.Tests.Planning.PlannerFixtures;

namespace ExternalEndpointSync.Tests.Planning;

/// <summary>Sync policies, held sources and ownership: what the planner must never touch.</summary>
public sealed class PlannerPolicyTests
{
    /// <summary>The precondition the sync engine meets by resolving duplicates first (RegistrationChangeTests covers that path).</summary>
    [Fact]
    public void A_key_given_twice_is_refused_naming_it_before_anything_is_planned()
    {
        var twice = new[] { Desired(Spec("a"), Ready("192.0.2.1")), Desired(Spec("a"), Ready("192.0.2.2")) };

        var refused = Assert.Throws<ArgumentException>(() => Planner.Plan(twice, ClusterState.Empty, SyncPolicyOptions));

        Assert.Equal("desired", refused.ParamName);
        Assert.Contains(twice[0].Key.ToString(), refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Upsert_only_keeps_a_removed_registration()
    {
        var cluster = Converged([Desired(Spec("gone", endpoints: true), Ready("192.0.2.1"))]);

        var plan = Planner.Plan([], cluster.State(), SyncPolicyOptions with { Policy = SyncPolicy.UpsertOnly });

        var service = Assert.Single(plan.Services);
        Assert.True(service.Removed);
        Assert.Empty(service.Changes);
        Assert.Equal(["Service", "EndpointSlice", "Endpoints"], service.Desired.Select(value => value.Kind));
    }

    [Fact]
    public void Sync_deletes_a_removed_registration_dependents_first()
    {
        var cluster = Converged([Desired(Spec("gone", endpoints: true), Ready("192.0.2.1"))]);

        var plan = Planner.Plan([], cluster.State(), SyncPolicyOptions);

        var service = Assert.Single(plan.Services);
        Assert.All(service.Changes, change => Assert.Equal(ChangeAction.Delete, change.Action));
        Assert.Equal(["EndpointSlice", "Endpoints", "Service"], service.Changes.Select(change => change.Kind));
        Assert.Empty(service.Desired);
    }

    [Fact]
    public void Create_only_makes_only_creates()
    {
        var cluster = Converged([
            Desired(Spec("changed", endpoints: true), Ready("192.0.2.1")),
            Desired(Spec("gone"), Ready("192.0.2.2")),
        ]);
        var desired = new[]
        {
            Desired(Spec("changed", endpoints: true, ports: [new() { Name = "https", Port = 443 }]), Ready("192.0.2.9")),
            Desired(Spec("new"), Ready("192.0.2.3")),
        };
        var sync = Planner.Plan(desired, cluster.State(), SyncPolicyOptions);
        Assert.Contains(sync.Services.SelectMany(service => service.Changes), change => change.Action == ChangeAction.Update);
        Assert.Contains(sync.Services.SelectMany(service => service.Changes), change => change.Action == ChangeAction.Delete);

        var createOnly = Planner.Plan(desired, cluster.State(), SyncPolicyOptions with { Policy = SyncPolicy.CreateOnly });

        var changes = createOnly.Services.SelectMany(service => service.Changes).ToList();
        Assert.Equal(2, changes.Count);
        Assert.All(changes, change => Assert.Equal(ChangeAction.Create, change.Action));
        Assert.All(changes, change => Assert.Equal("new", change.Object.Metadata.Name ?? change.Object.Metadata.GenerateName!.TrimEnd('-')));
    }

    [Fact]
    public void Upsert_only_drops_deletes_but_keeps_creates_and_updates()
    {
        var cluster = Converged([Desired(Spec("a", endpoints: true), Ready("192.0.2.1"))]);

        var plan = Planner.Plan([Desired(Spec("a", endpoints: false), Ready("192.0.2.2"))], cluster.State(), SyncPolicyOptions with { Policy = SyncPolicy.UpsertOnly });

        var changes = plan.Services.Single().Changes;
        Assert.Equal([(ChangeAction.Update, "EndpointSlice")], changes.Select(change => (change.Action, change.Kind)));
        Assert.Contains(plan.Services.Single().Desired, value => value is V1Endpoints);
    }

    [Theory]
    [InlineData(SyncPolicy.UpsertOnly)]
    [InlineData(SyncPolicy.CreateOnly)]
    public void A_type_change_is_not_planned_without_the_sync_policy(SyncPolicy policy)
    {
        var cluster = Converged([Desired(Spec("a"), Ready("192.0.2.1"))]);

        var plan = Planner.Plan([Desired(Spec("a", ServiceType.Headless), Ready("192.0.2.1"))], cluster.State(), SyncPolicyOptions with { Policy = policy });

        var service = plan.Services.Single();
        Assert.Empty(service.Changes);
        Assert.Equal("ClusterIP", service.Desired.OfType<V1Service>().Single().Spec.Type);
        Assert.NotEqual("None", service.Desired.OfType<V1Service>().Single().Spec.ClusterIP);
    }

    [Fact]
    public void A_type_change_deletes_then_creates_the_Service_and_moves_the_slices_to_it()
    {
        var cluster = Converged([Desired(Spec("a", endpoints: true), Ready("192.0.2.1"))]);

        var plan = Planner.Plan([Desired(Spec("a", ServiceType.Headless, endpoints: true), Ready("192.0.2.1"))], cluster.State(), SyncPolicyOptions);

        var changes = plan.Services.Single().Changes;
        Assert.Equal(
            [(ChangeAction.Delete, "Service"), (ChangeAction.Create, "Service"), (ChangeAction.Update, "EndpointSlice"), (ChangeAction.Create, "Endpoints")],
            changes.Select(change => (change.Action, change.Kind)));
        Assert.True(SliceOwner.HasPendingOwner((V1EndpointSlice)changes[2].Object));
    }

    [Fact]
    public void A_held_registration_plans_nothing_and_keeps_what_it_has()
    {
        var cluster = Converged([Desired(Spec("a"), Ready("192.0.2.1"))]);

        var plan = Planner.Plan([new DesiredService(Spec("a", ServiceType.ExternalName), null)], cluster.State(), SyncPolicyOptions);

        var service = Assert.Single(plan.Services);
        Assert.True(service.Held);
        Assert.Empty(service.Changes);
        Assert.Equal(2, service.Desired.Count);
    }

    [Fact]
    public void Foreign_objects_are_never_in_a_change()
    {
        var cluster = Converged([Desired(Spec("mine", endpoints: true), Ready("192.0.2.1"))]);
        var state = cluster.State();
        var foreign = Foreign(state);
        var withForeign = new ClusterState(
            [.. state.Services, .. foreign.OfType<V1Service>()],
            [.. state.EndpointSlices, .. foreign.OfType<V1EndpointSlice>()],
            [.. state.Endpoints, .. foreign.OfType<V1Endpoints>()]);
        var foreignUids = foreign.Select(value => value.Metadata.Uid).ToHashSet();

        foreach (var desired in new[]
        {
            Array.Empty<DesiredService>(),
            [Desired(Spec("mine"), Ready("192.0.2.2"))],
            [Desired(Spec("other", endpoints: true), Ready("192.0.2.3")), Desired(Spec("mine", ServiceType.ExternalName))],
        })
        {
            var plan = Planner.Plan(desired, withForeign, SyncPolicyOptions);

            var touched = plan.Services.SelectMany(service => service.Changes)
                .SelectMany(change => new[] { change.Object, change.Current })
                .OfType<IKubernetesObject<V1ObjectMeta>>()
                .Select(value => value.Metadata.Uid)
                .OfType<string>();
            Assert.DoesNotContain(touched, foreignUids.Contains);
            Assert.DoesNotContain(plan.Services.SelectMany(service => service.Desired), value => foreignUids.Contains(value.Metadata.Uid));
        }
    }

    [Fact]
    public void Turning_off_a_publish_setting_deletes_what_it_published()
    {
        var cluster = Converged([Desired(Spec("a", endpoints: true), Ready("192.0.2.1"))]);

        var noEndpoints = Planner.Plan([Desired(Spec("a", endpoints: false), Ready("192.0.2.1"))], cluster.State(), SyncPolicyOptions);
        var noSlices = Planner.Plan([Desired(Spec("a", slices: false, endpoints: true), Ready("192.0.2.1"))], cluster.State(), SyncPolicyOptions);

        Assert.Equal([(ChangeAction.Delete, "Endpoints")], noEndpoints.Services.Single().Changes.Select(change => (change.Action, change.Kind)));
        Assert.Equal([(ChangeAction.Delete, "EndpointSlice")], noSlices.Services.Single().Changes.Select(change => (change.Action, change.Kind)));
    }

    [Fact]
    public void An_ExternalName_Service_keeps_no_slices_or_Endpoints()
    {
        var cluster = Converged([Desired(Spec("a", endpoints: true), Ready("192.0.2.1"))]);
        var state = cluster.State();
        var service = Copy(state.Services[0]);
        service.Spec = new V1ServiceSpec { Type = "ExternalName", ExternalName = "a.example.com", Ports = service.Spec.Ports };

        var plan = Planner.Plan([Desired(Spec("a", ServiceType.ExternalName, endpoints: true), Ready("192.0.2.1"))], state with { Services = [service] }, SyncPolicyOptions);

        Assert.Equal(
            [(ChangeAction.Delete, "EndpointSlice"), (ChangeAction.Delete, "Endpoints")],
            plan.Services.Single().Changes.Select(change => (change.Action, change.Kind)));
        Assert.Equal(1, plan.Services.Single().Unchanged);
    }

    /// <summary>Objects next to ours that are not ours: another manager, another owner id, half our labels.</summary>
    private static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Foreign(ClusterState state)
    {
        var slice = Copy(state.EndpointSlices[0]);
        slice.Metadata.Name = "mine-manual";
        slice.Metadata.Uid = "foreign-1";
        slice.Metadata.Labels[OwnershipLabels.ManagedByKey] = "someone-else";

        var otherOwner = Copy(state.Services[0]);
        otherOwner.Metadata.Name = "other";
        otherOwner.Metadata.Uid = "foreign-2";
        otherOwner.Metadata.Labels[OwnershipLabels.OwnerKey] = "another-instance";

        var halfLabelled = Copy(state.Endpoints[0]);
        halfLabelled.Metadata.Name = "other";
        halfLabelled.Metadata.Uid = "foreign-3";
        halfLabelled.Metadata.Labels.Remove(OwnershipLabels.OwnerKey);

        var unlabelledSlice = Copy(state.EndpointSlices[0]);
        unlabelledSlice.Metadata.Name = "other-abcde";
        unlabelledSlice.Metadata.Uid = "foreign-4";
        unlabelledSlice.Metadata.Labels = new Dictionary<string, string> { [OwnershipLabels.ServiceNameKey] = "other" };

        return [slice, otherOwner, halfLabelled, unlabelledSlice];
    }

    private static T Copy<T>(T value) where T : class => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value));
}
