using System.Text.Json;
using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Model;
using k8s;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Registrations.Resources;

/// <summary>
/// Keeps <see cref="ExternalServiceRegistrations"/> up to date with the cluster's ExternalServices:
/// a list, then a watch from its resourceVersion with bookmarks and a random 5–10 minute timeout
/// (client-go's reflector; a watch without one can hang silently), again from the last version seen
/// when it ends, and a fresh list (which yields the deletions a watch missed) after a 410 or an error,
/// with a doubling delay of at most 30 s while the API server does not answer.
/// </summary>
public sealed partial class ExternalServiceWatcher(IKubernetes client, ExternalServiceRegistrations registrations, TimeProvider time, ILogger<ExternalServiceWatcher> logger)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    /// <summary>Watches until cancelled; <paramref name="listed"/> completes once the first list is in.</summary>
    public async Task RunAsync(TaskCompletionSource listed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listed);
        var delay = FirstRetry;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var version = await ListAsync(cancellationToken);
                listed.TrySetResult();
                delay = FirstRetry;
                while (version is not null)
                {
                    version = await WatchAsync(version, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.Failed(logger, KubernetesErrors.Describe(e), delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = delay * 2 < LastRetry ? delay * 2 : LastRetry;
            }
        }
    }

    private async Task<string?> ListAsync(CancellationToken cancellationToken)
    {
        var list = await client.CustomObjects.ListClusterCustomObjectAsync<ExternalServiceObjectList>(
            ExternalServiceKind.Group, ExternalServiceKind.Version, ExternalServiceKind.Plural, cancellationToken: cancellationToken);
        registrations.Replace(list.Items);
        Log.Listed(logger, list.Items.Count);
        return list.Metadata.ResourceVersion;
    }

    /// <summary>One watch; the version to watch on from, or null when a fresh list is needed.</summary>
    private async Task<string?> WatchAsync(string version, CancellationToken cancellationToken)
    {
        var relist = false;
        var timeout = 300 + Random.Shared.Next(300);
        var events = client.CustomObjects.WatchListClusterCustomObjectAsync(
            ExternalServiceKind.Group, ExternalServiceKind.Version, ExternalServiceKind.Plural,
            allowWatchBookmarks: true, resourceVersion: version, timeoutSeconds: timeout, onError: _ => relist = true, cancellationToken: cancellationToken);
        await foreach (var (type, value) in events)
        {
            var resource = KubernetesJson.Deserialize<ExternalServiceObject>(value is JsonElement json ? json.GetRawText() : KubernetesJson.Serialize(value));
            switch (type)
            {
                case WatchEventType.Added or WatchEventType.Modified:
                    registrations.Upsert(resource);
                    break;
                case WatchEventType.Deleted:
                    registrations.Remove(resource);
                    break;
                case WatchEventType.Error:
                    return null;
            }

            if (relist)
            {
                return null;
            }

            version = resource.Metadata?.ResourceVersion ?? version;
        }

        return relist ? null : version;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1311, Level = LogLevel.Information, Message = "Listed {Count} ExternalServices")]
        public static partial void Listed(ILogger logger, int count);

        [LoggerMessage(EventId = 1312, Level = LogLevel.Warning, Message = "Cannot list or watch ExternalServices: {Error}; trying again in {DelaySeconds} s")]
        public static partial void Failed(ILogger logger, string error, double delaySeconds);
    }
}
