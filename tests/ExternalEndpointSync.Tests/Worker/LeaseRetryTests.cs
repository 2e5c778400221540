using ExternalEndpointSync.Tests.EndToEnd;
using ExternalEndpointSync.TestSupport.FakeKubernetes;

namespace ExternalEndpointSync.Tests.Worker;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InProcessMetricsCollection
{
    /// <summary>
    /// Alone, because the in-process <c>/metrics</c> exporter reads every meter of the product in the
    /// test process: a replica of a test running beside it would add its requests to the counts.
    /// </summary>
    public const string Name = "In-process worker metrics";
}

/// <summary>An in-process <c>run</c> replica whose Lease requests fail: retried, and counted by code.</summary>
[Collection(InProcessMetricsCollection.Name)]
public sealed class LeaseRetryTests : SyncWorldTest
{
    [Fact]
    public async Task An_unreachable_lease_is_retried_with_backoff_instead_of_ending_the_election()
    {
        World.Api.Faults.Enqueue(new Fault { Verb = "get", Resource = "leases", DropConnection = true, Times = 3 });
        await using var a = WorkerReplica.Start("replica-a", WorkerWorld.WriteConfig(World), World.Kubeconfig);

        await Eventually.WaitAsync(() => a.Status.IsLeading && a.Status.FirstSyncDone, "the replica leads after three dropped connections", () => a.Logs);

        Assert.Equal(0, World.Api.Faults.Pending);
        Assert.False(a.Exited.IsCompleted);
        // Lease requests count in the API error metric: the dropped ones without a code, the first answer "no lease yet" as 404.
        var exposition = await (await a.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Equal(3, ApiErrors(exposition, "get", "leases", "none"));
        Assert.Equal(1, ApiErrors(exposition, "get", "leases", "404"));
    }

    private static double ApiErrors(string exposition, string verb, string resource, string code) =>
        MetricsExposition.Sum(exposition, "external_endpoint_sync_api_errors_total", ("verb", verb), ("resource", resource), ("code", code));
}
