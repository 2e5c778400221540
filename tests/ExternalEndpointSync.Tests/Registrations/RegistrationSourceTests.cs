using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations;
using ExternalEndpointSync.Registrations.ConfigFile;

namespace ExternalEndpointSync.Tests.Registrations;

public sealed class RegistrationSourceTests
{
    [Fact]
    public void A_file_source_holds_every_entry_with_its_path_and_line()
    {
        var loaded = ConfigLoader.Load(
            "apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\nservices:\n" +
            "  - name: alpha\n    ports: [ { port: 80 } ]\n    source: { static: { addresses: [ 192.0.2.1 ] } }\n" +
            "  - name: beta\n    ports: [ { port: 80 } ]\n    source: { static: { addresses: [ 192.0.2.2 ] } }\n",
            "config.yaml");
        Assert.True(loaded.IsValid, string.Join('\n', loaded.Errors));

        var source = new FileRegistrationSource(loaded.Config!);

        Assert.Equal(
            [new FileOrigin("config.yaml", 4, "services[0]"), new FileOrigin("config.yaml", 7, "services[1]")],
            source.Current.Select(s => s.Origin));
        Assert.False(source.Changes.TryRead(out _));
    }

    [Fact]
    public void Replacing_the_set_announces_what_was_removed_added_and_changed_and_nothing_for_what_stayed()
    {
        var origin = new FileOrigin("config.yaml", 4, "services[0]");
        var alpha = Spec("alpha", origin);
        var beta = Spec("beta", origin);
        var set = new RegistrationSet([alpha, beta]);

        var alphaOnOtherPort = alpha with { Ports = [new ServicePortSpec { Port = 8080 }] };
        set.Replace([alphaOnOtherPort, Spec("gamma", origin)]);

        var changes = new List<RegistrationChange>();
        while (set.Changes.TryRead(out var change))
        {
            changes.Add(change);
        }

        Assert.Equal(
            [
                (RegistrationChangeKind.Removed, "beta"),
                (RegistrationChangeKind.Changed, "alpha"),
                (RegistrationChangeKind.Added, "gamma"),
            ],
            changes.Select(c => (c.Kind, c.Registration.Name)));
        Assert.Equal(8080, changes[1].Registration.Ports.Single().Port);
        Assert.Equal(["alpha", "gamma"], set.Current.Select(s => s.Name));
    }

    [Fact]
    public void The_same_service_from_two_declarers_is_two_registrations()
    {
        var fromFile = Spec("alpha", new FileOrigin("config.yaml", 4, "services[0]"));
        var fromResource = Spec("alpha", new ResourceOrigin("default", "alpha", "uid-1", 1));
        var set = new RegistrationSet([fromFile]);

        set.Replace([fromFile, fromResource]);

        Assert.True(set.Changes.TryRead(out var change));
        Assert.Equal((RegistrationChangeKind.Added, (RegistrationOrigin)fromResource.Origin), (change.Kind, change.Origin));
        Assert.False(set.Changes.TryRead(out _));
    }

    private static ExternalServiceSpec Spec(string name, RegistrationOrigin origin) => new()
    {
        Name = name,
        Ports = [new ServicePortSpec { Port = 80 }],
        Source = new StaticSourceSpec { Addresses = ["192.0.2.1"] },
        Origin = origin,
    };
}
