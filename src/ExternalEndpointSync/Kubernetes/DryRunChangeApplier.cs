using ExternalEndpointSync.Planning;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Kubernetes;

/// <summary>Stands in for the writer under <c>--dry-run</c>: reports every change it would make and writes nothing.</summary>
public sealed partial class DryRunChangeApplier(ILogger<DryRunChangeApplier> logger) : IChangeApplier
{
    public bool IsDryRun => true;

    public Task<ApplyOutcome> ApplyAsync(ServicePlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var change in plan.Changes)
        {
            var obj = change.Object;
            Log.WouldWrite(logger, change.Action, KubernetesObjects.KindOf(obj), obj.Metadata.NamespaceProperty, change.DisplayName);
        }

        return Task.FromResult(new ApplyOutcome
        {
            Created = plan.Changes.Count(static c => c.Action == ChangeAction.Create),
            Updated = plan.Changes.Count(static c => c.Action == ChangeAction.Update),
            Deleted = plan.Changes.Count(static c => c.Action == ChangeAction.Delete),
        });
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "dry-run: would {Action} {Kind} {Namespace}/{Name}")]
        public static partial void WouldWrite(ILogger logger, ChangeAction action, string kind, string @namespace, string name);
    }
}
