using System.Text;
using ExternalEndpointSync.Applier;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s.Models;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>
/// A fake API server with RBAC on (the product authenticates as the service account of the deploy/ worker overlay,
/// so a rule missing there fails the test), a kubeconfig for it and a scratch folder for configuration files.
/// </summary>
public sealed class SyncWorld : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("ees-e2e-").FullName;
    private readonly FakeApiServerOptions options;

    public SyncWorld(FakeApiServerOptions? options = null) => this.options = options ?? WithRbac;

    /// <summary>The fake cluster end-to-end tests use: single-stack IPv4, RBAC on; <c>with { DualStack = true }</c> for dual stack.</summary>
    public static FakeApiServerOptions WithRbac { get; } = new() { Rbac = RbacOptions.ForRepository() };

    public FakeKubernetesApiServer Api { get; private set; } = null!;

    public string Kubeconfig { get; private set; } = "";

    /// <summary>A kubeconfig of the product's service account with a token bound to <paramref name="podName"/>, so the fake tells replicas apart.</summary>
    public string PodKubeconfig(string podName) => Api.WriteKubeconfig(directory, podName);

    public async Task InitializeAsync()
    {
        Api = await FakeKubernetesApiServer.StartAsync(options);
        Kubeconfig = Api.WriteKubeconfig(directory);
        foreach (var name in new[] { "web", "payments", "blocked", "external-endpoint-sync" })
        {
            Api.Store.Seed(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = name } });
        }
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>Writes a configuration file with the given services section and returns its path.</summary>
    public string WriteConfig(string services, string extra = "")
    {
        var path = Path.Combine(directory, $"config-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, $"apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\n{extra}services:\n{services}");
        return path;
    }

    public Task<CliRun> SyncAsync(string configPath, params string[] extraArgs) =>
        SyncAsync(CliRun.FastRetries, configPath, extraArgs);

    public Task<CliRun> SyncAsync(KubernetesRetryOptions retries, string configPath, params string[] extraArgs) =>
        CliRun.RunAsync(retries, ["sync", "--once", "--config", configPath, "--kubeconfig", Kubeconfig, .. extraArgs]);

    /// <summary>A <c>sync --once</c> that prints its report as JSON, with that report; the run for its exit code and errors.</summary>
    public async Task<(CliRun Run, RunReport Report)> SyncReportAsync(string configPath, params string[] extraArgs)
    {
        var run = await SyncAsync(configPath, [.. extraArgs, "--output", "report-json"]);
        return (run, RunReport.Parse(run));
    }

    public IReadOnlyList<V1EndpointSlice> Slices(string @namespace, string service) =>
        [.. Api.Store.List<V1EndpointSlice>(@namespace).Where(s => s.Metadata.Labels is { } labels && labels.TryGetValue("kubernetes.io/service-name", out var name) && name == service)];

    /// <summary>A static service entry with the given addresses, indented for the services list.</summary>
    public static string StaticService(string name, IEnumerable<string> addresses, string @namespace = "default", string extra = "")
    {
        var text = new StringBuilder();
        text.Append($"  - name: {name}\n    namespace: {@namespace}\n    ports: [ {{ name: http, port: 80 }} ]\n");
        text.Append(extra);
        text.Append("    source:\n      static:\n        addresses:\n");
        foreach (var address in addresses)
        {
            text.Append($"          - \"{address}\"\n");
        }

        return text.ToString();
    }

    /// <summary>Distinct IPv4 addresses from the benchmarking range 198.18.0.0/15, which nothing here ever contacts.</summary>
    public static IEnumerable<string> Ipv4Addresses(int count, int offset = 0) =>
        Enumerable.Range(offset, count).Select(static i => $"198.18.{i / 250}.{(i % 250) + 1}");
}
