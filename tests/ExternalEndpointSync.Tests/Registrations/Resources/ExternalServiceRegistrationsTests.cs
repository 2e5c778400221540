using System.Text.Json;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations;
using ExternalEndpointSync.Registrations.ConfigFile;
using ExternalEndpointSync.Registrations.Resources;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations.Resources;

/// <summary>
/// The ExternalServices as registrations: one per valid object, none for an invalid one that was
/// never valid (whose problems are kept for its status), the last valid spec of an object that
/// became invalid (same uid only), a status-only change is no change, every subscriber has its own
/// view that starts from every object, and new defaults from a reloaded file reach every registration.
/// </summary>
public sealed class ExternalServiceRegistrationsTests
{
    private static readonly ServiceKey Orders = new("team-a", "orders");
    private const string InvalidSpec = """{"source":{"static":{"addresses":["192.0.2.1"]}}}""";

    [Fact]
    public void A_valid_object_is_registered_an_invalid_one_is_kept_with_its_problems_and_a_status_change_changes_nothing()
    {
        var registrations = new ExternalServiceRegistrations(null);
        var valid = Resource("orders", ExternalServiceCluster.StaticSpec("192.0.2.1"), generation: 1);
        var invalid = Resource("broken", InvalidSpec, generation: 1);
        registrations.Upsert(valid);
        registrations.Upsert(invalid);
        using var subscription = registrations.Subscribe();
        Drain(subscription);

        registrations.Upsert(new ExternalServiceObject { Metadata = valid.Metadata, Spec = valid.Spec, Status = new ExternalServiceStatus { Service = "orders" } });

        Assert.Equal([Orders], subscription.Current.Select(static s => s.Key));
        Assert.Contains(registrations.Problems(new ServiceKey("team-a", "broken")), static e => e.Path == "spec.ports");
        Assert.NotNull(registrations.InvalidWithoutLastValid(new ServiceKey("team-a", "broken")));
        Assert.False(subscription.Changes.TryRead(out _));
        Assert.False(subscription.Touched.TryRead(out _));
    }

    [Fact]
    public void A_subscription_starts_from_every_object_as_touched_and_stops_hearing_once_disposed()
    {
        var registrations = new ExternalServiceRegistrations(null);
        registrations.Upsert(Resource("orders", ExternalServiceCluster.StaticSpec("192.0.2.1"), generation: 1));
        registrations.Upsert(Resource("broken", InvalidSpec, generation: 1));

        var subscription = registrations.Subscribe();
        var other = registrations.Subscribe();

        Assert.Equal(["broken", "orders"], Touched(subscription).Select(static k => k.Name).Order(StringComparer.Ordinal));
        subscription.Dispose();
        registrations.Remove(Resource("orders", ExternalServiceCluster.StaticSpec("192.0.2.1"), generation: 1));

        Assert.False(subscription.Changes.TryRead(out _));
        Assert.Equal([Orders], subscription.Current.Select(static s => s.Key));
        Assert.Equal(["broken", "orders", "orders"], Touched(other).Select(static k => k.Name).Order(StringComparer.Ordinal));
        Assert.True(other.Changes.TryRead(out var removed));
        Assert.Equal((RegistrationChangeKind.Removed, Orders), (removed!.Kind, removed.Registration.Key));
        Assert.Empty(other.Current);
        other.Dispose();
    }

    [Fact]
    public void An_invalid_edit_keeps_the_last_valid_generation_published_and_a_valid_one_replaces_it()
    {
        var registrations = new ExternalServiceRegistrations(null);
        registrations.Upsert(Resource("orders", ExternalServiceCluster.StaticSpec("192.0.2.1"), generation: 1));
        using var subscription = registrations.Subscribe();
        Drain(subscription);

        registrations.Upsert(Resource("orders", InvalidSpec, generation: 2));
        registrations.Upsert(Resource("orders", """{"ports":"nope"}""", generation: 3));

        var published = Assert.Single(subscription.Current);
        Assert.Equal(1, ((ResourceOrigin)published.Origin).Generation);
        Assert.Equal(published, registrations.Registration(Orders));
        Assert.NotEmpty(registrations.Problems(Orders));
        Assert.Null(registrations.InvalidWithoutLastValid(Orders));
        Assert.False(subscription.Changes.TryRead(out _));
        Assert.Equal([Orders, Orders], Touched(subscription));

        registrations.Upsert(Resource("orders", ExternalServiceCluster.StaticSpec("192.0.2.2"), generation: 4));

        Assert.True(subscription.Changes.TryRead(out var change));
        Assert.Equal((RegistrationChangeKind.Changed, 4L), (change!.Kind, ((ResourceOrigin)change.Registration.Origin).Generation));
        Assert.Empty(registrations.Problems(Orders));
    }

    [Fact]
    public void An_invalid_object_with_another_uid_than_the_valid_one_before_it_publishes_nothing()
    {
        var registrations = new ExternalServiceRegistrations(null);
        registrations.Upsert(Resource("orders", ExternalServiceCluster.StaticSpec("192.0.2.1"), generation: 1));
        using var subscription = registrations.Subscribe();
        Drain(subscription);

        registrations.Upsert(Resource("orders", InvalidSpec, generation: 1, uid: "uid-recreated"));

        Assert.Empty(subscription.Current);
        Assert.True(subscription.Changes.TryRead(out var change));
        Assert.Equal(RegistrationChangeKind.Removed, change!.Kind);
        Assert.Equal("uid-recreated", registrations.InvalidWithoutLastValid(Orders)?.Metadata.Uid);
    }

    [Fact]
    public void New_defaults_from_a_reload_reach_every_registration_as_a_change()
    {
        var registrations = new ExternalServiceRegistrations(Defaults("10s"));
        registrations.Upsert(Resource("orders", ExternalServiceCluster.StaticSpec("192.0.2.1"), generation: 1));
        registrations.Upsert(Resource("legacy", ExternalServiceCluster.StaticSpec("192.0.2.3"), generation: 1));
        registrations.Upsert(Resource("legacy", InvalidSpec, generation: 2));
        using var subscription = registrations.Subscribe();
        Drain(subscription);

        registrations.UseDefaults(Defaults("20s"));

        var changes = new List<RegistrationChange>();
        while (subscription.Changes.TryRead(out var change))
        {
            changes.Add(change);
        }

        Assert.Equal(
            [(RegistrationChangeKind.Changed, "legacy", 1L), (RegistrationChangeKind.Changed, "orders", 1L)],
            changes.Select(static c => (c.Kind, c.Registration.Name, ((ResourceOrigin)c.Registration.Origin).Generation)).Order());
        Assert.All(subscription.Current, static s => Assert.Equal(TimeSpan.FromSeconds(20), s.ResyncInterval));
    }

    private static List<ServiceKey> Touched(ExternalServiceSubscription subscription)
    {
        var touched = new List<ServiceKey>();
        while (subscription.Touched.TryRead(out var key))
        {
            touched.Add(key);
        }

        return touched;
    }

    private static void Drain(ExternalServiceSubscription subscription)
    {
        while (subscription.Changes.TryRead(out _) || subscription.Touched.TryRead(out _))
        {
        }
    }

    private static ExternalEndpointSync.Registrations.Yaml.ConfigMapping Defaults(string resync) =>
        ConfigLoader.Load($"apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\ndefaults: {{ resyncInterval: {resync} }}\nservices: []\n", "config.yaml").Config!.Defaults!.Mapping;

    private static ExternalServiceObject Resource(string name, string specJson, long generation, string? uid = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team-a", Uid = uid ?? $"uid-{name}", Generation = generation },
        Spec = JsonDocument.Parse(specJson).RootElement,
    };
}
