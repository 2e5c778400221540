using ExternalEndpointSync.Cli;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s.Models;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>
/// A type change is a delete and a create of the Service. The cluster's garbage collector then
/// deletes the old Service's slices, either before our sync rewrites them (they are gone: the
/// update's uid answers 409 and the slice is re-created) or after (they already point at the new
/// Service and must survive). Both orders converge in one sync.
/// </summary>
public sealed class TypeChangeRaceTests
{
    private const string Addresses = "    source:\n      static:\n        addresses: [ \"192.0.2.1\", \"192.0.2.2\" ]\n";

    [Fact]
    public async Task Garbage_collected_right_away_the_slices_are_recreated_for_the_new_service_in_the_same_sync()
    {
        var world = new SyncWorld(new FakeApiServerOptions { Rbac = RbacOptions.ForRepository(), GarbageCollectionDelay = TimeSpan.Zero });
        await world.InitializeAsync();
        try
        {
            await ConvergesThroughEveryTypeAsync(world, collectLate: false);
        }
        finally
        {
            await world.DisposeAsync();
        }
    }

    [Fact]
    public async Task Garbage_collected_late_the_rewritten_slices_survive_the_collection_of_the_old_service()
    {
        var world = new SyncWorld(new FakeApiServerOptions { Rbac = RbacOptions.ForRepository(), GarbageCollectionDelay = null });
        await world.InitializeAsync();
        try
        {
            await ConvergesThroughEveryTypeAsync(world, collectLate: true);
        }
        finally
        {
            await world.DisposeAsync();
        }
    }

    private static async Task ConvergesThroughEveryTypeAsync(SyncWorld world, bool collectLate)
    {
        foreach (var type in new[] { "ClusterIP", "Headless", "ExternalName", "ClusterIP" })
        {
            var entry = type == "ExternalName"
                ? "  - name: shift\n    type: ExternalName\n    externalName: shift.example.com\n"
                : $"  - name: shift\n    type: {type}\n    ports: [ {{ name: http, port: 80 }} ]\n{Addresses}";
            var config = world.WriteConfig(entry);

            var run = await world.SyncAsync(config);
            if (collectLate)
            {
                world.Api.GarbageCollector.CollectNow();
            }

            Assert.True(run.ExitCode == ExitCodes.Success, $"{type}: {run}");
            var service = world.Api.Store.Get<V1Service>("default", "shift")!;
            var slices = world.Slices("default", "shift");
            if (type == "ExternalName")
            {
                Assert.Equal("ExternalName", service.Spec.Type);
                Assert.Empty(slices);
            }
            else
            {
                var slice = Assert.Single(slices);
                Assert.Equal(["192.0.2.1", "192.0.2.2"], slice.Endpoints.Select(e => e.Addresses.Single()).Order(StringComparer.Ordinal));
                Assert.Equal(service.Metadata.Uid, Assert.Single(slice.Metadata.OwnerReferences).Uid);
                Assert.Equal(type == "Headless" ? "None" : service.Spec.ClusterIP, service.Spec.ClusterIP);
            }

            world.Api.Writes.Reset();
            Assert.Equal(ExitCodes.Success, (await world.SyncAsync(config)).ExitCode);
            Assert.True(world.Api.Writes.Total == 0, $"{type}: a second sync wrote {world.Api.Writes}");
        }
    }
}
