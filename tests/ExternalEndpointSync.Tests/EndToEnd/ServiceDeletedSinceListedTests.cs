using ExternalEndpointSync.Cli;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s.Models;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>
/// Someone deletes our Service between our list and our update of it: the update re-creates it
/// with a new uid, and the slices and Endpoints the plan keeps as they are must follow it in the
/// same sync, whether the garbage collector took them before our writes (they are re-created) or
/// takes them afterwards (their ownerReference already names the new Service).
/// </summary>
public sealed class ServiceDeletedSinceListedTests
{
    private const string Publish = "    publish: { endpoints: true }\n";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Kept_slices_and_endpoints_follow_the_recreated_service_in_one_sync(bool collectedRightAway)
    {
        var world = new SyncWorld(new FakeApiServerOptions
        {
            Rbac = RbacOptions.ForRepository(),
            GarbageCollectionDelay = collectedRightAway ? TimeSpan.Zero : null,
        });
        await world.InitializeAsync();
        try
        {
            var first = world.WriteConfig(SyncWorld.StaticService("moving", ["192.0.2.1"], extra: Publish + "    annotations: { note: \"1\" }\n"));
            Assert.Equal(ExitCodes.Success, (await world.SyncAsync(first)).ExitCode);
            var listedSlice = Assert.Single(world.Slices("default", "moving"));
            var changed = world.WriteConfig(SyncWorld.StaticService("moving", ["192.0.2.1"], extra: Publish + "    annotations: { note: \"2\" }\n"));
            world.Api.Faults.Enqueue(new Fault
            {
                Verb = "update", Resource = "services", Name = "moving",
                Before = () => world.Api.Store.Delete<V1Service>("default", "moving"),
            });
            world.Api.Writes.Reset();

            var run = await world.SyncAsync(changed);
            world.Api.GarbageCollector.CollectNow();

            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            var service = world.Api.Store.Get<V1Service>("default", "moving")!;
            Assert.Equal("2", service.Metadata.Annotations["note"]);
            var slice = Assert.Single(world.Slices("default", "moving"));
            Assert.Equal(service.Metadata.Uid, Assert.Single(slice.Metadata.OwnerReferences).Uid);
            Assert.Equal(listedSlice.Metadata.Name, slice.Metadata.Name);
            Assert.Equal("192.0.2.1", Assert.Single(Assert.Single(world.Api.Store.Get<V1Endpoints>("default", "moving")!.Subsets).Addresses).Ip);
            Assert.Equal(1, world.Api.Writes.Count("create", "services"));
            Assert.Equal(collectedRightAway ? 1 : 0, world.Api.Writes.Count("create", "endpointslices"));
            Assert.Equal(collectedRightAway ? 0 : 1, world.Api.Writes.Count("update", "endpointslices"));
            Assert.Equal(1, world.Api.Writes.Count("create", "endpoints"));

            world.Api.Writes.Reset();
            Assert.Equal(ExitCodes.Success, (await world.SyncAsync(changed)).ExitCode);
            Assert.True(world.Api.Writes.Total == 0, $"a second sync wrote {world.Api.Writes}");
        }
        finally
        {
            await world.DisposeAsync();
        }
    }
}
