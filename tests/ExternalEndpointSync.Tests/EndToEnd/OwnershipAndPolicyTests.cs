using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Reporting;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>What is ours is kept true; what is not ours is never touched; policies decide what may be deleted.</summary>
public sealed class OwnershipAndPolicyTests : SyncWorldTest
{
    [Fact]
    public async Task Removing_a_service_from_the_file_deletes_what_we_owned_under_the_sync_policy()
    {
        var both = World.WriteConfig(SyncWorld.StaticService("keep", ["192.0.2.1"]) + SyncWorld.StaticService("drop", ["192.0.2.2"], extra: "    publish: { endpoints: true }\n"));
        Assert.Equal(ExitCodes.Success, (await World.SyncAsync(both)).ExitCode);
        var one = World.WriteConfig(SyncWorld.StaticService("keep", ["192.0.2.1"]));
        World.Api.Writes.Reset();

        var run = await World.SyncAsync(one);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Null(World.Api.Store.Get<V1Service>("default", "drop"));
        Assert.Null(World.Api.Store.Get<V1Endpoints>("default", "drop"));
        Assert.Empty(World.Slices("default", "drop"));
        Assert.NotNull(World.Api.Store.Get<V1Service>("default", "keep"));
        Assert.Equal(0, World.Api.Writes.Creates + World.Api.Writes.Updates);
    }

    [Theory]
    [InlineData("upsert-only")]
    [InlineData("create-only")]
    public async Task Removing_a_service_keeps_what_we_owned_under_policies_that_never_delete(string policy)
    {
        var both = World.WriteConfig(SyncWorld.StaticService("keep", ["192.0.2.1"]) + SyncWorld.StaticService("drop", ["192.0.2.2"]));
        Assert.Equal(ExitCodes.Success, (await World.SyncAsync(both)).ExitCode);
        var one = World.WriteConfig(SyncWorld.StaticService("keep", ["192.0.2.1"]));
        World.Api.Writes.Reset();

        var run = await World.SyncAsync(one, "--policy", policy);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.NotNull(World.Api.Store.Get<V1Service>("default", "drop"));
        Assert.Single(World.Slices("default", "drop"));
        Assert.Equal(0, World.Api.Writes.Total);
    }

    public static TheoryData<string> ForeignKinds() => new() { "services", "endpoints" };

    [Theory]
    [MemberData(nameof(ForeignKinds))]
    public async Task A_foreign_object_with_our_name_is_left_untouched_and_reported_while_the_others_sync(string resource)
    {
        var kind = SeedForeignTaken(resource);
        var before = KubernetesJson.Serialize(StoredTaken(resource));
        var config = World.WriteConfig(
            SyncWorld.StaticService("taken", ["192.0.2.1"], extra: "    publish: { endpoints: true }\n") + SyncWorld.StaticService("free", ["192.0.2.2"]));

        var (run, report) = await World.SyncReportAsync(config);

        Assert.True(run.ExitCode == ExitCodes.PartialFailure, run.ToString());
        Assert.True(report["default/taken"].Is(ServiceStatus.Conflict), run.ToString());
        Assert.Contains(report["default/taken"].Errors, e => e.StartsWith($"{kind} default/taken already exists and is not owned", StringComparison.Ordinal));
        Assert.Equal(before, KubernetesJson.Serialize(StoredTaken(resource)));
        Assert.Equal(0, World.Api.Writes.Count("update", resource) + World.Api.Writes.Count("delete", resource));
        Assert.True(report["default/free"].Is(ServiceStatus.Synced), run.ToString());
        Assert.NotNull(World.Api.Store.Get<V1Service>("default", "free"));
        Assert.Single(World.Slices("default", "free"));
    }

    [Fact]
    public async Task Objects_of_another_owner_id_are_neither_seen_nor_touched()
    {
        var config = World.WriteConfig(SyncWorld.StaticService("shared", ["192.0.2.1"]));
        Assert.Equal(ExitCodes.Success, (await World.SyncAsync(config, "--owner-id", "team-a")).ExitCode);
        var empty = World.WriteConfig(SyncWorld.StaticService("other", ["192.0.2.9"]));
        World.Api.Writes.Reset();

        var run = await World.SyncAsync(empty, "--owner-id", "team-b");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.NotNull(World.Api.Store.Get<V1Service>("default", "shared"));
        Assert.Equal(0, World.Api.Writes.Deletes);
    }

    /// <summary>Seeds an object named <c>default/taken</c> without our labels; returns its kind.</summary>
    private string SeedForeignTaken(string resource)
    {
        if (resource == "services")
        {
            World.Api.Store.Seed(new V1Service
            {
                ApiVersion = "v1",
                Kind = "Service",
                Metadata = new V1ObjectMeta { Name = "taken", NamespaceProperty = "default", Labels = new Dictionary<string, string> { ["team"] = "theirs" } },
                Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 5432 }], Selector = new Dictionary<string, string> { ["app"] = "db" } },
            });
            return "Service";
        }

        World.Api.Store.Seed(new V1Endpoints
        {
            ApiVersion = "v1",
            Kind = "Endpoints",
            Metadata = new V1ObjectMeta { Name = "taken", NamespaceProperty = "default" },
            Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "198.51.100.1" }], Ports = [new Corev1EndpointPort { Port = 80 }] }],
        });
        return "Endpoints";
    }

    private IKubernetesObject<V1ObjectMeta>? StoredTaken(string resource) => resource == "services"
        ? World.Api.Store.Get<V1Service>("default", "taken")
        : World.Api.Store.Get<V1Endpoints>("default", "taken");
}
