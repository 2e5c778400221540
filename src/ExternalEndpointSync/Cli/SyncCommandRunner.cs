using ExternalEndpointSync.Configuration;
using ExternalEndpointSync.Kubernetes;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Output;
using ExternalEndpointSync.Sync;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly;

namespace ExternalEndpointSync.Cli;

/// <summary>Runs <c>sync</c>: load and validate the file, connect, sync once or on every resync interval, print.</summary>
public sealed partial class SyncCommandRunner(CliEnvironment environment)
{
    /// <summary>How long a dry-run waits for a cluster before planning against an empty one.</summary>
    private static readonly TimeSpan DryRunProbeTimeout = TimeSpan.FromSeconds(5);

    public async Task<int> RunAsync(SyncCommandOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var loaded = await ConfigLoader.LoadFileAsync(options.ConfigPath, cancellationToken);
        if (!await DiagnosticsWriter.WriteAsync(loaded, environment.Error))
        {
            return ExitCodes.Invalid;
        }

        var config = loaded.Config!;
        var ownerId = options.OwnerId ?? config.OwnerId;
        if (!KubernetesNames.IsOwnerId(ownerId))
        {
            await environment.Error.WriteLineAsync($"error: --owner-id: {KubernetesNames.OwnerIdRule}: \"{ownerId}\"");
            return ExitCodes.Invalid;
        }

        var syncOptions = new SyncOptions { OwnerId = ownerId, Policy = options.Policy ?? config.Policy ?? SyncPolicy.Sync };
        var (clientConfiguration, problem) = KubernetesConnection.Resolve(options.Kubeconfig, options.Context);
        if (clientConfiguration is null && !options.DryRun)
        {
            await environment.Error.WriteLineAsync($"error: cannot sync: {problem}");
            return ExitCodes.PartialFailure;
        }

        using var client = clientConfiguration is null ? null : new k8s.Kubernetes(clientConfiguration);
        string? clusterNote = null;
        if (options.DryRun)
        {
            clusterNote = client is null ? problem : await ProbeAsync(client, ownerId, cancellationToken);
            if (clusterNote is not null)
            {
                clusterNote = $"no reachable cluster ({clusterNote}): planning against an empty cluster";
            }
        }

        var services = new ServiceCollection();
        services.AddLogging(environment.ConfigureLogging);
        services.AddSingleton(environment.TimeProvider);
        environment.ConfigureServices(services);
        services.AddSync(config, clusterNote is null ? client : null, options.DryRun, ownerId, options.Once);
        await using var provider = services.BuildServiceProvider();
        var logger = provider.GetRequiredService<ILogger<SyncCommandRunner>>();
        if (clusterNote is not null)
        {
            Log.NoCluster(logger, clusterNote);
        }

        if (options.Once)
        {
            var report = await SyncReportingFailureAsync(provider.GetRequiredService<SyncEngine>(), config, syncOptions, logger, cancellationToken);
            return report is null ? ExitCodes.PartialFailure : await PrintAsync(report with { ClusterNote = clusterNote }, options.Output, cancellationToken);
        }

        await provider.GetRequiredService<SyncLoop>().RunAsync(
            config,
            syncOptions,
            async (report, ct) => await PrintAsync(report with { ClusterNote = clusterNote }, options.Output, ct),
            cancellationToken);
        return ExitCodes.Success;
    }

    private async Task<SyncReport?> SyncReportingFailureAsync(
        SyncEngine engine, SyncConfig config, SyncOptions syncOptions, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return await engine.SyncOnceAsync(config.Services, syncOptions, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = KubernetesErrors.Describe(e);
            Log.SyncFailed(logger, reason);
            await environment.Error.WriteLineAsync($"error: sync failed: {reason}");
            return null;
        }
    }

    private async Task<int> PrintAsync(SyncReport report, OutputFormat output, CancellationToken cancellationToken)
    {
        switch (output)
        {
            case OutputFormat.Yaml:
                await ObjectStreamWriter.WriteYamlAsync(report.Objects, environment.Output);
                await ReportTableWriter.WriteAsync(report, environment.Error);
                break;
            case OutputFormat.Json:
                await ObjectStreamWriter.WriteJsonAsync(report.Objects, environment.Output);
                await ReportTableWriter.WriteAsync(report, environment.Error);
                break;
            default:
                await ReportTableWriter.WriteAsync(report, environment.Output);
                break;
        }

        await environment.Output.FlushAsync(cancellationToken);
        return report.Failed > 0 ? ExitCodes.PartialFailure : ExitCodes.Success;
    }

    private static async Task<string?> ProbeAsync(IKubernetes client, string ownerId, CancellationToken cancellationToken)
    {
        var probe = new ResiliencePipelineBuilder().AddTimeout(DryRunProbeTimeout).Build();
        try
        {
            await new ClusterStateReader(client, probe).ReadAsync(ownerId, cancellationToken);
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return KubernetesErrors.Describe(e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Note}")]
        public static partial void NoCluster(ILogger logger, string note);

        [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Sync failed: {Reason}")]
        public static partial void SyncFailed(ILogger logger, string reason);
    }
}
