using System.Threading.Channels;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations;
using ExternalEndpointSync.Sources;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Sync;

/// <summary>
/// Keeps the sources, the health stage and the resync schedule in step with the registrations:
/// the registration that counts for a Service is watched and resynced, and a Service that is no
/// longer registered is let go of everywhere (watchers stopped, probe state dropped), and the
/// orphan sweep runs at the shortest resync interval of what is registered.
/// </summary>
public sealed partial class RegistrationFollower(IEnumerable<IEndpointSource> sources, IHealthStage health, IResyncSchedule resyncs, ILogger logger)
{
    /// <summary>Watches and resyncs the registration that counts for its Service.</summary>
    public async Task FollowAsync(ExternalServiceSpec service, CancellationToken cancellationToken)
    {
        foreach (var source in sources)
        {
            if (source.Kind != service.Source?.Kind)
            {
                // A source the Service no longer uses lets go of it (a Consul watcher stops).
                source.Forget(service.Key);
            }
            else if (source is IWatchingSource watching)
            {
                watching.StartWatching(service);
            }
        }

        await resyncs.ScheduleAsync(service.Key, service.ResyncInterval, cancellationToken);
    }

    /// <summary>Sweeps at the shortest resync interval of <paramref name="registered"/>, as the full resync before per-service resyncs did.</summary>
    public Task ScheduleSweepAsync(RegisteredServices registered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registered);
        return resyncs.ScheduleSweepAsync(registered.ShortestResyncInterval, cancellationToken);
    }

    /// <summary>Stops watching, probing and resyncing a Service that is no longer registered.</summary>
    public async Task ForgetAsync(ServiceKey service, CancellationToken cancellationToken)
    {
        foreach (var source in sources)
        {
            source.Forget(service);
        }

        health.Forget(service);
        await resyncs.UnscheduleAsync(service, cancellationToken);
    }

    /// <summary>Applies every change waiting; a removed Service goes into <paramref name="removed"/> until its objects are dealt with.</summary>
    /// <returns>The Services whose registration changed, to re-plan now.</returns>
    public async Task<HashSet<ServiceKey>> ApplyChangesAsync(
        ChannelReader<RegistrationChange> changes, RegisteredServices registered, HashSet<ServiceKey> removed, CancellationToken cancellationToken)
    {
        var touched = new HashSet<ServiceKey>();
        while (changes.TryRead(out var change))
        {
            Log.RegistrationChanged(logger, change.Kind.ToString(), change.Registration.Key.ToString(), change.Origin.ToString());
            touched.Add(registered.Apply(change));
        }

        foreach (var key in touched)
        {
            if (registered.Winner(key) is { } winner)
            {
                removed.Remove(key);
                await FollowAsync(winner, cancellationToken);
            }
            else
            {
                removed.Add(key);
                await ForgetAsync(key, cancellationToken);
            }
        }

        if (touched.Count > 0)
        {
            await ScheduleSweepAsync(registered, cancellationToken);
        }

        return touched;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 222, Level = LogLevel.Information, Message = "Registration {Kind}: {Service} ({Origin})")]
        public static partial void RegistrationChanged(ILogger logger, string kind, string service, string origin);
    }
}
