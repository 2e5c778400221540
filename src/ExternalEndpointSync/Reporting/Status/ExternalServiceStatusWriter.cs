using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.Resources;
using k8s;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Reporting.Status;

/// <summary>
/// Writes an ExternalService's status through the <c>/status</c> subresource (a replace with the
/// resourceVersion read, so a status built from a stale object is refused with 409 and rebuilt on the
/// next report), and only when it differs from what is known: the status last written by this writer
/// or, before that, the one read. <paramref name="mayWrite"/> says whether this replica may write now
/// (the worker's leadership fence); <paramref name="writes"/> is the term's write token.
/// </summary>
public sealed partial class ExternalServiceStatusWriter(
    IKubernetes client, Func<bool> mayWrite, ILogger<ExternalServiceStatusWriter> logger, CancellationToken writes)
{
    private readonly Dictionary<string, ExternalServiceStatus> written = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>What is known of the object's status: the last one written, else the one it was read with.</summary>
    public ExternalServiceStatus? Known(ExternalServiceObject resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        lock (gate)
        {
            return written.GetValueOrDefault(resource.Metadata.Uid ?? "") ?? resource.Status;
        }
    }

    /// <summary>Writes <paramref name="status"/> unless it is what is known; true when a write was made.</summary>
    public async Task<bool> WriteAsync(ExternalServiceObject resource, ExternalServiceStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(status);
        if (Same(Known(resource), status))
        {
            return false;
        }

        if (!mayWrite() || writes.IsCancellationRequested)
        {
            Log.NotLeading(logger, resource.Key.ToString());
            return false;
        }

        var body = new ExternalServiceObject { Metadata = resource.Metadata, Spec = resource.Spec, Status = status };
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, writes);
        try
        {
            await client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<ExternalServiceObject>(
                body, ExternalServiceKind.Group, ExternalServiceKind.Version, resource.Metadata.NamespaceProperty, ExternalServiceKind.Plural, resource.Metadata.Name,
                cancellationToken: both.Token);
        }
        catch (Exception e) when (!both.IsCancellationRequested)
        {
            // Gone or changed since it was read: the next report builds the status from the newer object.
            Log.Failed(logger, resource.Key.ToString(), KubernetesErrors.Describe(e));
            Forget(resource);
            return false;
        }

        lock (gate)
        {
            written[resource.Metadata.Uid ?? ""] = status;
        }

        Log.Written(logger, resource.Key.ToString(), status.Conditions?.FirstOrDefault()?.Reason ?? "");
        return true;
    }

    /// <summary>The object is gone (or its status unknown again): the next status is compared with what is read.</summary>
    public void Forget(ExternalServiceObject resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        lock (gate)
        {
            written.Remove(resource.Metadata.Uid ?? "");
        }
    }

    /// <summary>Equal as the API server would store them.</summary>
    public static bool Same(ExternalServiceStatus? a, ExternalServiceStatus? b) =>
        a is null || b is null ? a is null && b is null : KubernetesJson.Serialize(a) == KubernetesJson.Serialize(b);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Wrote the status of ExternalService {Resource}: {Reason}")]
        public static partial void Written(ILogger logger, string resource, string reason);

        [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Could not write the status of ExternalService {Resource}: {Error}")]
        public static partial void Failed(ILogger logger, string resource, string error);

        [LoggerMessage(EventId = 1303, Level = LogLevel.Debug, Message = "Not writing the status of ExternalService {Resource}: this replica does not hold the leader lease")]
        public static partial void NotLeading(ILogger logger, string resource);
    }
}
