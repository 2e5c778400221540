using System.Text.Json;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations;
using ExternalEndpointSync.Registrations.ConfigFile;
using ExternalEndpointSync.Registrations.Resources;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations.Resources;

/// <summary>
/// The ExternalServices as registrations: one per valid object, none for an invalid one (whose
/// problems are kept for its status), a status-only change is no change, and new defaults from a
/// reloaded file reach every registration.
/// </summary>
public sealed class ExternalServiceRegistrationsTests
{
    [Fact]
    public void A_valid_object_is_registered_an_invalid_one_is_kept_with_its_problems_and_a_status_change_changes_nothing()
    {
        var registrations = new ExternalServiceRegistrations(null);
        var valid = Resource("orders", ExternalServiceCluster.StaticSpec("192.0.2.1"), generation: 1);
        var invalid = Resource("broken", """{"source":{"static":{"addresses":["192.0.2.1"]}}}""", generation: 1);

        registrations.Replace([valid, invalid]);
        Drain(registrations);
        registrations.Upsert(new ExternalServiceObject { Metadata = valid.Metadata, Spec = valid.Spec, Status = new ExternalServiceStatus { Service = "orders" } });

        Assert.Equal([new ServiceKey("team-a", "orders")], registrations.Current.Select(static s => s.Key));
        Assert.Contains(registrations.Problems(new ServiceKey("team-a", "broken")), static e => e.Path == "spec.ports");
        Assert.False(registrations.Changes.TryRead(out _));
        Assert.False(registrations.Touched.TryRead(out _));
    }

    [Fact]
    public void New_defaults_from_a_reload_reach_every_registration_as_a_change()
    {
        var registrations = new ExternalServiceRegistrations(Defaults("10s"));
        registrations.Replace([Resource("orders", ExternalServiceCluster.StaticSpec("192.0.2.1"), generation: 1)]);
        Drain(registrations);

        registrations.UseDefaults(Defaults("20s"));

        Assert.True(registrations.Changes.TryRead(out var change));
        Assert.Equal((RegistrationChangeKind.Changed, TimeSpan.FromSeconds(20)), (change!.Kind, change.Registration.ResyncInterval));
        Assert.Equal(TimeSpan.FromSeconds(20), Assert.Single(registrations.Current).ResyncInterval);
    }

    private static void Drain(ExternalServiceRegistrations registrations)
    {
        while (registrations.Changes.TryRead(out _) || registrations.Touched.TryRead(out _))
        {
        }
    }

    private static ExternalEndpointSync.Registrations.Yaml.ConfigMapping Defaults(string resync) =>
        ConfigLoader.Load($"apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\ndefaults: {{ resyncInterval: {resync} }}\nservices: []\n", "config.yaml").Config!.Defaults!.Mapping;

    private static ExternalServiceObject Resource(string name, string specJson, long generation) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team-a", Uid = $"uid-{name}", Generation = generation },
        Spec = JsonDocument.Parse(specJson).RootElement,
    };
}
