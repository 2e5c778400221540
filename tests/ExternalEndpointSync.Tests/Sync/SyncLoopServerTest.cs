using System.Threading.Channels;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Tests.Sync;

/// <summary>A test of the sync loop against its own fake API server, with a channel for announcing changes.</summary>
public abstract class SyncLoopServerTest : IAsyncLifetime
{
    protected Channel<ServiceKey> Announcements { get; } = Channel.CreateUnbounded<ServiceKey>();

    protected SyncLoopHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync() => Harness = await SyncLoopHarness.StartServerAsync();

    public async Task DisposeAsync() => await Harness.DisposeAsync();
}
