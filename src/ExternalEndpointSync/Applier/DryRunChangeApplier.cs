using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Polly;

namespace ExternalEndpointSync.Applier;

/// <summary>
/// Stands in for the writer under <c>--dry-run</c>: reports every change it would make and writes
/// nothing. Before a planned create of a named object it reads that name, so that a foreign
/// object holding it is the same conflict the real writer would report; it asks only when the
/// plan was made against the cluster (<paramref name="cluster"/> reached it).
/// </summary>
public sealed partial class DryRunChangeApplier(
    IKubernetes? client,
    ResiliencePipeline reads,
    DryRunClusterStateSource cluster,
    string ownerId,
    ILogger<DryRunChangeApplier> logger) : IChangeApplier
{
    public async Task<ApplyOutcome> ApplyAsync(ServicePlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var tally = new ApplyTally();
        foreach (var planned in plan.Changes)
        {
            var change = planned;
            if (planned.Action == ChangeAction.Create)
            {
                IKubernetesObject<V1ObjectMeta>? existing;
                try
                {
                    existing = await ReadExistingAsync(planned.Object, cancellationToken);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    return tally.Outcome($"get {KubernetesObjects.Describe(planned.Object)} failed: {KubernetesErrors.Describe(e)}");
                }

                if (existing is not null && !OwnershipLabels.IsOwnedBy(existing.Metadata, ownerId))
                {
                    var conflict = ForeignObjectException.For(existing, ownerId).Message;
                    Log.Foreign(logger, plan.Key.ToString(), conflict);
                    return tally.Outcome(conflict, foreignObject: true);
                }

                // Ours although not listed (the list was older): the real writer updates it.
                if (existing is not null)
                {
                    change = planned with { Action = ChangeAction.Update, Current = existing };
                }
            }

            tally.WouldApply.Add(change);
            tally.Count(change.Action);
            Log.WouldWrite(logger, change.Action, WrittenKind.Of(change.Object).Kind, change.Object.Metadata.NamespaceProperty, change.DisplayName);
        }

        return tally.Outcome();
    }

    /// <summary>The object holding the name, or null: none, a generated name, or no cluster to ask.</summary>
    private async Task<IKubernetesObject<V1ObjectMeta>?> ReadExistingAsync(IKubernetesObject<V1ObjectMeta> obj, CancellationToken cancellationToken)
    {
        if (client is null || !cluster.Reached || string.IsNullOrEmpty(obj.Metadata.Name))
        {
            return null;
        }

        var resource = ResourceClient.For(client, obj);
        try
        {
            return await reads.ExecuteAsync(async ct => await resource.ReadAsync(obj, ct), cancellationToken);
        }
        catch (Exception e) when (KubernetesErrors.IsNotFound(e))
        {
            return null;
        }
    }

    private static partial class Log
    {
        // Debug: the report on stdout already shows every change, and at 20,000 objects one
        // Information line each was megabytes of stderr saying it twice.
        [LoggerMessage(EventId = 110, Level = LogLevel.Debug, Message = "dry-run: would {Action} {Kind} {Namespace}/{Name}")]
        public static partial void WouldWrite(ILogger logger, ChangeAction action, string kind, string @namespace, string name);

        [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Service {Service}: {Error}")]
        public static partial void Foreign(ILogger logger, string service, string error);
    }
}
