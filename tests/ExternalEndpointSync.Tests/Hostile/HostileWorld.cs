using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Tests.EndToEnd;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace ExternalEndpointSync.Tests.Hostile;

/// <summary>
/// A fake API server, a kubeconfig for it and a scratch folder, for running hostile inputs
/// through the real command line in-process. Addresses are published without probing
/// (<see cref="SourceHealthStage"/>), so a file that passes validation contacts nothing but the fake.
/// </summary>
public sealed class HostileWorld : IAsyncLifetime
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("ees-hostile-").FullName;

    public FakeKubernetesApiServer Api { get; private set; } = null!;

    public string Kubeconfig { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Api = await FakeKubernetesApiServer.StartAsync();
        Kubeconfig = Api.WriteKubeconfig(Directory);
        foreach (var name in new[] { "web", "payments", "platform", "data", "checks" })
        {
            Api.Store.Seed(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = name } });
        }
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    public string PathFor(string name) => Path.Combine(Directory, name);

    public async Task<string> WriteAsync(string name, string text)
    {
        var path = PathFor(name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    public static async Task<CliRun> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        await using var output = new StringWriter();
        await using var error = new StringWriter();
        var environment = new CliEnvironment
        {
            Output = output,
            Error = error,
            LoggingOverride = static _ => { },
            ConfigureServices = static services =>
            {
                services.AddSingleton(CliRun.FastRetries);
                services.AddSingleton<IHealthStage, SourceHealthStage>();
            },
        };
        var exitCode = await new CliApp(environment).RunAsync(args, cancellationToken);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>validate, sync --once --dry-run and sync --once against the fake, in that order.</summary>
    /// <param name="extraSyncArgs">Flags for both syncs; a <c>--kubeconfig</c> among them replaces the fake's.</param>
    public async Task<(CliRun Validate, CliRun DryRun, CliRun Sync)> RunAllAsync(string configPath, params string[] extraSyncArgs)
    {
        string[] cluster = extraSyncArgs.Contains("--kubeconfig") ? [] : ["--kubeconfig", Kubeconfig];
        return (await RunAsync(["validate", "--config", configPath]),
            await RunAsync(["sync", "--once", "--dry-run", "--config", configPath, .. cluster, .. extraSyncArgs]),
            await RunAsync(["sync", "--once", "--config", configPath, .. cluster, .. extraSyncArgs]));
    }
}
