using ExternalEndpointSync.Tests.EndToEnd;
using ExternalEndpointSync.TestSupport.FakeKubernetes;

namespace ExternalEndpointSync.Tests.Worker;

/// <summary>
/// ExternalServices turned on in a cluster without their CRD: the replica waits for a cache that
/// cannot list, and <c>/readyz</c> says which one, so the admin is pointed at the missing CRD
/// rather than at the owned objects.
/// </summary>
public sealed class ExternalServicesWithoutCrdTests : IAsyncLifetime
{
    private readonly SyncWorld world = new(new FakeApiServerOptions { Rbac = RbacOptions.ForRepositoryWithExternalServices() });

    public Task InitializeAsync() => world.InitializeAsync();

    public Task DisposeAsync() => world.DisposeAsync();

    [Fact]
    public async Task Readiness_names_the_external_services_cache_while_the_crd_is_missing()
    {
        var config = world.WriteConfig("  []\n", "externalServices: { enabled: true }\n");
        await using var replica = WorkerReplica.Start("no-crd-0", config, world.Kubeconfig);
        const string Expected = "not ready: the watch cache of ExternalServices has not synced yet\n";
        await Eventually.WaitAsync(
            async () => await ReadinessAsync(replica) == (503, Expected),
            "the API server answered, the owned objects are cached, and /readyz names the ExternalServices' cache",
            () => replica.Logs);

        Assert.Equal((503, Expected), await ReadinessAsync(replica));
        Assert.False(replica.Status.IsReady);
    }

    /// <summary>The answer of <c>/readyz</c>; (0, "") while the probe port is not open yet.</summary>
    private static async Task<(int, string)> ReadinessAsync(WorkerReplica replica)
    {
        try
        {
            using var ready = await replica.GetAsync("/readyz");
            return ((int)ready.StatusCode, await ready.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException)
        {
            return (0, string.Empty);
        }
    }
}
