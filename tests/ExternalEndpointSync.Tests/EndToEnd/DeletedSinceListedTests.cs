using ExternalEndpointSync.Cli;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s.Models;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>
/// Someone deletes an object between our list and our update: the uid we send with the update
/// answers 409 (a real server's precondition), the re-read answers 404, and the sync re-creates
/// the object in the same run instead of giving up on the service.
/// </summary>
public sealed class DeletedSinceListedTests : SyncWorldTest
{
    [Fact]
    public async Task A_slice_deleted_between_list_and_update_is_recreated_in_the_same_sync()
    {
        var config = World.WriteConfig(SyncWorld.StaticService("moving", ["192.0.2.1"]));
        Assert.Equal(ExitCodes.Success, (await World.SyncAsync(config)).ExitCode);
        var listed = Assert.Single(World.Slices("default", "moving"));
        var changed = World.WriteConfig(SyncWorld.StaticService("moving", ["192.0.2.2"]));
        World.Api.Faults.Enqueue(new Fault
        {
            Verb = "update", Resource = "endpointslices", Name = listed.Metadata.Name,
            Before = () => World.Api.Store.Delete<V1EndpointSlice>("default", listed.Metadata.Name),
        });

        var run = await World.SyncAsync(changed);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var slice = Assert.Single(World.Slices("default", "moving"));
        Assert.Equal("192.0.2.2", Assert.Single(slice.Endpoints).Addresses.Single());
        Assert.NotEqual(listed.Metadata.Uid, slice.Metadata.Uid);
        Assert.Equal(World.Api.Store.Get<V1Service>("default", "moving")!.Metadata.Uid, Assert.Single(slice.Metadata.OwnerReferences).Uid);
        Assert.Equal(1, World.Api.Writes.Count("create", "endpointslices") - 1);
    }

    [Fact]
    public async Task Legacy_endpoints_deleted_between_list_and_update_are_recreated_in_the_same_sync()
    {
        const string publish = "    publish: { endpoints: true }\n";
        var config = World.WriteConfig(SyncWorld.StaticService("legacy", ["192.0.2.1"], extra: publish));
        Assert.Equal(ExitCodes.Success, (await World.SyncAsync(config)).ExitCode);
        var changed = World.WriteConfig(SyncWorld.StaticService("legacy", ["192.0.2.2"], extra: publish));
        World.Api.Faults.Enqueue(new Fault
        {
            Verb = "update", Resource = "endpoints", Name = "legacy",
            Before = () => World.Api.Store.Delete<V1Endpoints>("default", "legacy"),
        });

        var run = await World.SyncAsync(changed);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var endpoints = World.Api.Store.Get<V1Endpoints>("default", "legacy")!;
        Assert.Equal("192.0.2.2", Assert.Single(Assert.Single(endpoints.Subsets).Addresses).Ip);
    }
}
