using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations;
using ExternalEndpointSync.Registrations.ConfigFile;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.Reporting.Events;
using ExternalEndpointSync.Reporting.Output;
using ExternalEndpointSync.Sync;
using ExternalEndpointSync.Worker;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Polly;

namespace ExternalEndpointSync.Cli;

/// <summary>Runs <c>sync</c>: load and validate the file, connect, sync once or on every resync interval, print.</summary>
public sealed partial class SyncCommandRunner(CliEnvironment environment)
{
    public async Task<int> RunAsync(SyncCommandOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (await CommandConfig.LoadAsync(options.ConfigPath, options.OwnerId, environment, cancellationToken) is not { } start)
        {
            return ExitCodes.Invalid;
        }

        var (config, ownerId) = start;

        var syncOptions = new SyncOptions { OwnerId = ownerId, Policy = options.Policy ?? config.Policy ?? SyncPolicy.Sync, DryRun = options.DryRun };
        var connection = KubernetesConnection.Connect(options.Kubeconfig, options.Context, environment.GetEnvironmentVariable);
        if (connection.Error is { } error)
        {
            await environment.Error.WriteLineAsync($"error: {error}");
            return ExitCodes.Invalid;
        }

        if (connection.Client is null && !options.DryRun)
        {
            await environment.Error.WriteLineAsync($"error: cannot sync: {connection.NoClusterReason}");
            return ExitCodes.PartialFailure;
        }

        using var client = connection.Client;
        var services = new ServiceCollection();
        services.AddLogging(environment.ConfigureLogging);
        services.AddSingleton(environment.TimeProvider);
        environment.ConfigureServices(services);
        services.TryAddSingleton(new EventRecorderOptions { ReportingInstance = WorkerIdentity.Create(environment.GetEnvironmentVariable) });
        var pipeline = services.AddSyncPipeline(config, syncOptions);
        _ = options.Once ? pipeline.AddOneShotHealth() : pipeline.AddContinuousHealth();
        _ = options.DryRun ? pipeline.AddDryRunApplier(client, connection.NoClusterReason) : pipeline.AddKubernetesApplier(client!);
        var cached = !options.Once && !options.DryRun;
        if (cached)
        {
            // Only the long-running sync re-plans often enough for a watch cache to pay; --once lists once.
            pipeline.AddWatchCache();
        }

        await using var provider = services.BuildServiceProvider();
        var logger = provider.GetRequiredService<ILogger<SyncCommandRunner>>();

        if (options.Once)
        {
            var report = await SyncReportingFailureAsync(provider.GetRequiredService<SyncEngine>(), config, syncOptions, logger, cancellationToken);
            return report is null ? ExitCodes.PartialFailure : await PrintAsync(report, options.Output, cancellationToken);
        }

        using var stopCache = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var caching = cached ? provider.GetRequiredService<OwnedObjectCache>().RunAsync(stopCache.Token) : Task.CompletedTask;
        try
        {
            await provider.GetRequiredService<SyncLoop>().RunAsync(
                new FileRegistrationSource(config),
                syncOptions,
                async (report, ct) => await PrintAsync(report, options.Output, ct),
                cancellationToken);
        }
        finally
        {
            await stopCache.CancelAsync();
            await caching;
        }

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
            case OutputFormat.ReportJson:
                await ReportJsonWriter.WriteAsync(report, environment.Output);
                break;
            default:
                await ObjectDiffWriter.WriteAsync(report, environment.Output, environment.UseColour);
                await ReportTableWriter.WriteAsync(report, environment.Output);
                break;
        }

        await environment.Output.FlushAsync(cancellationToken);
        return report.Failed > 0 ? ExitCodes.PartialFailure : ExitCodes.Success;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Sync failed: {Reason}")]
        public static partial void SyncFailed(ILogger logger, string reason);
    }
}
