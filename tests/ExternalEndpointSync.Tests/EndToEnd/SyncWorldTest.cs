namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>A test class whose every test gets its own <see cref="SyncWorld"/>: a fresh fake API server and scratch folder.</summary>
public abstract class SyncWorldTest : IAsyncLifetime
{
    protected SyncWorldTest()
        : this(new SyncWorld())
    {
    }

    protected SyncWorldTest(SyncWorld world) => World = world;

    protected SyncWorld World { get; }

    public virtual Task InitializeAsync() => World.InitializeAsync();

    public virtual Task DisposeAsync() => World.DisposeAsync();
}
