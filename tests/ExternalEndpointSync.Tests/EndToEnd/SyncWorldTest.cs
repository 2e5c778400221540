using ExternalEndpointSync.TestSupport.FakeKubernetes;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>A test class whose every test gets its own <see cref="SyncWorld"/>: a fresh fake API server and scratch folder.</summary>
public abstract class SyncWorldTest(FakeApiServerOptions? apiOptions = null) : IAsyncLifetime
{
    protected SyncWorld World { get; } = new(apiOptions);

    public virtual Task InitializeAsync() => World.InitializeAsync();

    public virtual Task DisposeAsync() => World.DisposeAsync();
}
