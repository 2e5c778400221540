using ExternalEndpointSync.Tests.Registrations.Resources;
using ExternalEndpointSync.Tests.Worker;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>
/// What an app team sees with the real kubectl once the worker synced its ExternalService: the
/// printer columns with real values in <c>kubectl get extsvc -A</c>, and the conditions in
/// <c>kubectl describe</c>, with the Events recorded on the ExternalService. RBAC is off here: kubectl sends no token to the fake's plain HTTP, and
/// would be anonymous.
/// </summary>
public sealed class ExternalServiceKubectlTests : IAsyncLifetime
{
    private readonly SyncWorld world = new(new FakeApiServerOptions());
    private IKubernetes admin = null!;

    public async Task InitializeAsync()
    {
        await world.InitializeAsync();
        world.Api.Store.Seed(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = "team-a" } });
        admin = world.Api.CreateAdminClient();
        await ExternalServiceCluster.InstallCrdAsync(admin);
    }

    public async Task DisposeAsync()
    {
        admin.Dispose();
        await world.DisposeAsync();
    }

    [Fact]
    public async Task Get_shows_the_columns_with_the_synced_values_and_describe_shows_the_conditions()
    {
        var config = world.WriteConfig("  []\n", "externalServices: { enabled: true }\n");
        await using var worker = WorkerReplica.Start("kubectl-0", config, world.Kubeconfig);
        await ExternalServiceCluster.CreateAsync(admin, "team-a", "orders", ExternalServiceCluster.StaticSpec("192.0.2.10", "192.0.2.11"));
        await Eventually.WaitAsync(
            async () => (await ExternalServiceCluster.ReadAsync(admin, "team-a", "orders")).Status?.Conditions?.Any(static c => c is { Type: "Ready", Status: "True" }) == true,
            "orders is ready",
            () => worker.Logs);

        var table = await KubectlRunner.RunAsync(world.Kubeconfig, ["get", "extsvc", "-A"]);
        var described = await KubectlRunner.RunAsync(world.Kubeconfig, ["describe", "extsvc", "orders", "-n", "team-a"]);

        Assert.True(table.ExitCode == 0, table.StandardError);
        var lines = table.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAMESPACE", "NAME", "TYPE", "SOURCE", "READY", "ENDPOINTS", "TOTAL", "ENDPOINTS", "READY", "AGE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["team-a", "orders", "<none>", "static", "2", "address(es)", "2", "2", "True"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..9]);
        Assert.True(described.ExitCode == 0, described.StandardError);
        foreach (var expected in new[] { "Kind:         ExternalService", "Conditions:", "Reason:                Synced", "Message:               2/2 endpoints ready", "Type:                  Ready", "Type:                  Resolved", "Observed Generation:  1" })
        {
            Assert.Contains(expected, described.StandardOutput, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Describe_shows_a_refused_static_address_as_an_event_of_the_external_service()
    {
        var config = world.WriteConfig("  []\n", "externalServices: { enabled: true }\n");
        await using var worker = WorkerReplica.Start("kubectl-0", config, world.Kubeconfig);
        await ExternalServiceCluster.CreateAsync(admin, "team-a", "metadata", ExternalServiceCluster.StaticSpec("192.0.2.10", "169.254.169.254"));

        var described = "";
        await Eventually.WaitAsync(
            async () => (described = (await KubectlRunner.RunAsync(world.Kubeconfig, ["describe", "extsvc", "metadata", "-n", "team-a"])).StandardOutput).Contains("AddressRefused", StringComparison.Ordinal),
            "kubectl describe extsvc shows AddressRefused",
            () => worker.Logs + described);

        Assert.Matches(@"Events:\s+Type\s+Reason\s+Age\s+From\s+Message", described);
        Assert.Matches(@"Warning\s+AddressRefused\s+\S+\s+externalendpoints\.io/external-endpoint-sync\s+not published: 169\.254\.169\.254: the cloud metadata address", described);
    }
}
