using System.Text.Json;
using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using ExternalEndpointSync.Registrations.Resources;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations.Resources;

/// <summary>
/// What the leader's syncs do not see: the Service (and its slices and Endpoints) of an
/// ExternalService whose spec is invalid and whose last valid spec this process never saw, and
/// only when that Service is its own by uid and the config file does not register it.
/// </summary>
public sealed class InvalidSpecHoldTests
{
    private const string Invalid = """{"source":{"static":{"addresses":["192.0.2.1"]}}}""";

    [Fact]
    public async Task The_own_objects_of_an_invalid_object_without_a_last_valid_spec_are_held_and_everything_else_is_seen()
    {
        var registrations = new ExternalServiceRegistrations(null);
        registrations.Upsert(Resource("orders", Invalid, "uid-orders"));
        registrations.Upsert(Resource("stranger", Invalid, "uid-stranger"));
        registrations.Upsert(Resource("valid", ExternalServiceCluster.StaticSpec("192.0.2.2"), "uid-valid"));
        var state = new ClusterState(
            [Service("orders", "uid-orders"), Service("stranger", "uid-earlier-object"), Service("valid", "uid-valid"), Service("file", null)],
            [Slice("orders"), Slice("stranger")],
            [Endpoints("orders")]);

        var seen = await new InvalidSpecHold(new FixedCluster(state), registrations, static _ => false).ReadAsync("default", CancellationToken.None);

        Assert.Equal(["stranger", "valid", "file"], seen.Services.Select(static s => s.Metadata.Name));
        Assert.Equal(["stranger-abc"], seen.EndpointSlices.Select(static s => s.Metadata.Name));
        Assert.Empty(seen.Endpoints);
    }

    [Fact]
    public async Task A_service_the_config_file_registers_is_never_held()
    {
        var registrations = new ExternalServiceRegistrations(null);
        registrations.Upsert(Resource("orders", Invalid, "uid-orders"));
        var state = new ClusterState([Service("orders", "uid-orders")], [Slice("orders")], []);

        var seen = await new InvalidSpecHold(new FixedCluster(state), registrations, static key => key.Name == "orders").ReadAsync("default", CancellationToken.None);

        Assert.Same(state, seen);
    }

    [Fact]
    public async Task Once_a_last_valid_spec_is_known_it_is_published_and_nothing_is_held()
    {
        var registrations = new ExternalServiceRegistrations(null);
        registrations.Upsert(Resource("orders", ExternalServiceCluster.StaticSpec("192.0.2.2"), "uid-orders", generation: 1));
        registrations.Upsert(Resource("orders", Invalid, "uid-orders", generation: 2));
        var state = new ClusterState([Service("orders", "uid-orders")], [Slice("orders")], []);

        var seen = await new InvalidSpecHold(new FixedCluster(state), registrations, static _ => false).ReadAsync("default", CancellationToken.None);

        Assert.Same(state, seen);
    }

    private static ExternalServiceObject Resource(string name, string spec, string uid, long generation = 1) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team-a", Uid = uid, Generation = generation },
        Spec = JsonDocument.Parse(spec).RootElement,
    };

    private static V1Service Service(string name, string? ownerUid) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "team-a",
            OwnerReferences = ownerUid is null ? null : [.. ExternalServiceKind.OwnerReferences(new ResourceOrigin("team-a", name, ownerUid, 1))],
        },
    };

    private static V1EndpointSlice Slice(string service) => new()
    {
        ApiVersion = "discovery.k8s.io/v1",
        Kind = "EndpointSlice",
        AddressType = "IPv4",
        Metadata = new V1ObjectMeta { Name = $"{service}-abc", NamespaceProperty = "team-a", Labels = new Dictionary<string, string> { [OwnershipLabels.ServiceNameKey] = service } },
    };

    private static V1Endpoints Endpoints(string service) => new()
    {
        ApiVersion = "v1",
        Kind = "Endpoints",
        Metadata = new V1ObjectMeta { Name = service, NamespaceProperty = "team-a" },
    };

    private sealed class FixedCluster(ClusterState state) : IClusterStateSource
    {
        public Task<ClusterState> ReadAsync(string ownerId, CancellationToken cancellationToken) => Task.FromResult(state);
    }
}
