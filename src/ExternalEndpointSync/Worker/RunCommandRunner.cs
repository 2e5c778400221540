using System.Diagnostics.Metrics;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Cluster.Watch;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations;
using ExternalEndpointSync.Registrations.ConfigFile;
using ExternalEndpointSync.Registrations.Resources;
using ExternalEndpointSync.Reporting.Metrics;
using ExternalEndpointSync.Sync;
using k8s;
using k8s.LeaderElection.ResourceLock;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Worker;

/// <summary>
/// Runs <c>run</c>: validate like <c>sync</c>, serve the probes, and run the sync loop only while
/// holding the Lease; at SIGTERM finish the writes in flight, then release the Lease.
/// </summary>
public sealed partial class RunCommandRunner(CliEnvironment environment)
{
    /// <summary>How long releasing the lease may take at shutdown (the kubelet's grace period is 30 s).</summary>
    internal static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(5);

    public async Task<int> RunAsync(RunCommandOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var hangup = new HangupSignal(() => environment.Error.WriteLine("SIGHUP before the configuration was loaded: it is read again once the worker runs"));
        if (await CommandConfig.LoadAsync(options.ConfigPath, options.OwnerId, environment, cancellationToken) is not { } start)
        {
            return ExitCodes.Invalid;
        }

        var (config, ownerId) = start;

        if (options.Timings.Problem() is { } timing)
        {
            return await InvalidAsync(timing);
        }

        if (options.ConfigPollInterval <= TimeSpan.Zero)
        {
            return await InvalidAsync($"--config-poll-interval must be greater than 0 (got {DurationParser.Format(options.ConfigPollInterval)})");
        }

        var leaseNamespace = LeaseNamespace.Resolve(options.LeaseNamespace, environment.GetEnvironmentVariable);
        if (leaseNamespace is null)
        {
            return await InvalidAsync($"cannot tell the lease's namespace: pass --lease-namespace, or set POD_NAMESPACE (not in a cluster: {LeaseNamespace.ServiceAccountFile} is missing)");
        }

        if (!KubernetesNames.IsDns1123Label(leaseNamespace) || !KubernetesNames.IsDns1123Subdomain(options.LeaseName))
        {
            return await InvalidAsync($"lease {leaseNamespace}/{options.LeaseName}: the namespace must be a DNS label and the name a DNS subdomain");
        }

        var services = new ServiceCollection();
        services.AddLogging(environment.ConfigureLogging);
        environment.ConfigureServices(services);
        services.TryAddSingleton<WorkerStatus>();
        services.AddMetrics();
        services.TryAddSingleton(sp => new SyncMetrics(sp.GetRequiredService<IMeterFactory>(), environment.TimeProvider));
        await using var provider = services.BuildServiceProvider();

        // One set of instruments for the whole run, so that counts go on across leader terms; the client counts every request in them.
        var metrics = provider.GetRequiredService<SyncMetrics>();
        var connection = KubernetesConnection.Connect(options.Kubeconfig, options.Context, environment.GetEnvironmentVariable, new ApiRequestMetering(metrics));
        if (connection.Error is { } error)
        {
            return await InvalidAsync(error);
        }

        if (connection.Client is not { } client)
        {
            await environment.Error.WriteLineAsync($"error: cannot run: {connection.NoClusterReason}");
            return ExitCodes.PartialFailure;
        }

        using (client)
        {
            return await RunWorkerAsync(options, config, client, new SyncOptions { OwnerId = ownerId, Policy = config.Policy ?? SyncPolicy.Sync }, leaseNamespace, provider, hangup, cancellationToken);
        }
    }

    private async Task<int> RunWorkerAsync(
        RunCommandOptions options, SyncConfig config, IKubernetes client, SyncOptions syncOptions, string leaseNamespace, ServiceProvider provider, HangupSignal hangup, CancellationToken stopping)
    {
        var time = environment.TimeProvider;
        var loggers = provider.GetRequiredService<ILoggerFactory>();
        var logger = loggers.CreateLogger<RunCommandRunner>();
        var status = provider.GetRequiredService<WorkerStatus>();
        var metrics = provider.GetRequiredService<SyncMetrics>();
        metrics.ObserveLeadership(options.LeaseName, () => status.IsLeading);
        using var fence = new LeadershipFence(options.Timings.RenewDeadline, time);
        var identity = WorkerIdentity.Create(environment.GetEnvironmentVariable);
        var leaseLock = new ObservedLeaseLock(new LeaseLock(client, leaseNamespace, options.LeaseName, identity), fence, status, metrics, time);
        using var configFile = new ReloadingConfigFile(options.ConfigPath, config, options.ConfigPollInterval, time, loggers.CreateLogger<ReloadingConfigFile>());
        configFile.Reloaded += outcome => metrics.ConfigReloaded(outcome.Result == ConfigReloadResult.Applied);
        hangup.ReloadWith(configFile.RequestReload);
        // The cache lives for the process, not the term: followers keep it warm, so a new leader plans without listing.
        var informerOptions = provider.GetService<ResourceInformerOptions>() ?? new ResourceInformerOptions();
        var cache = new OwnedObjectCache(client, syncOptions.OwnerId, informerOptions, time, metrics, loggers);
        var externalServices = ExternalServices(config, configFile, client, informerOptions, metrics, loggers);
        var facts = config.ExternalServices is { Enabled: true } policy
            ? new ClusterFactsCache(client, watchNamespaces: policy.NamespaceSelector is not null, informerOptions, time, metrics, loggers)
            : null;
        status.Caching(() =>
            !cache.HasSynced ? "owned objects"
            : externalServices?.HasSynced == false ? "ExternalServices"
            : facts?.HasSynced == false ? "cluster facts (Nodes, Namespaces, ServiceCIDRs)"
            : null);
        var term = new LeaderSyncTerm(
            environment, configFile, client, syncOptions, fence, status, metrics, cache, facts, identity, externalServices);
        var election = new LeaderElectionLoop(leaseLock, options.Timings, fence, status, term.RunAsync, time, loggers.CreateLogger<LeaderElectionLoop>());
        var heartbeat = new Heartbeat(time);
        status.Loaded(fence);

        WebApplication http;
        try
        {
            http = await WorkerHttpServer.StartAsync(options.HttpPort, heartbeat, status, environment.ConfigureLogging, stopping);
        }
        catch (IOException e)
        {
            await environment.Error.WriteLineAsync($"error: --http-port {options.HttpPort}: {e.Message}");
            return ExitCodes.PartialFailure;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }

        try
        {
            Log.Started(logger, identity, leaseNamespace, options.LeaseName, options.HttpPort);
            var beating = heartbeat.RunAsync(stopping);
            var reloading = configFile.RunAsync(stopping);
            var caching = Task.WhenAll(
                cache.RunAsync(stopping),
                externalServices?.RunAsync(stopping) ?? Task.CompletedTask,
                facts?.RunAsync(stopping) ?? Task.CompletedTask);
            if (await election.RunAsync(stopping))
            {
                using var release = new CancellationTokenSource(ReleaseTimeout, time);
                await new LeaseRelease(leaseLock, time, loggers.CreateLogger<LeaseRelease>()).ReleaseAsync(release.Token);
            }

            await beating;
            await reloading;
            await caching;
            Log.Stopped(logger, identity);
        }
        finally
        {
            await http.StopAsync(CancellationToken.None);
            await http.DisposeAsync();
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// With ExternalServices on, their cache for the process, beside the owned objects': the file's
    /// defaults lie under every spec, so a reload that changes them changes registrations too.
    /// </summary>
    private ExternalServiceCache? ExternalServices(
        SyncConfig config, ReloadingConfigFile configFile, IKubernetes client, ResourceInformerOptions options, SyncMetrics metrics, ILoggerFactory loggers)
    {
        if (config.ExternalServices is not { Enabled: true } policy)
        {
            return null;
        }

        var externalServices = new ExternalServiceCache(client, policy, config.Defaults?.Mapping, options, environment.TimeProvider, metrics, loggers);
        configFile.Reloaded += outcome =>
        {
            if (outcome.Result == ConfigReloadResult.Applied)
            {
                externalServices.Registrations.UseDefaults(configFile.Current.Defaults?.Mapping);
            }
        };
        return externalServices;
    }

    private async Task<int> InvalidAsync(string message)
    {
        await environment.Error.WriteLineAsync($"error: {message}");
        return ExitCodes.Invalid;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 641, Level = LogLevel.Information, Message = "Worker {Identity} started: lease {LeaseNamespace}/{LeaseName}, probes on port {HttpPort}")]
        public static partial void Started(ILogger logger, string identity, string leaseNamespace, string leaseName, int httpPort);

        [LoggerMessage(EventId = 642, Level = LogLevel.Information, Message = "Worker {Identity} stopped")]
        public static partial void Stopped(ILogger logger, string identity);
    }
}
