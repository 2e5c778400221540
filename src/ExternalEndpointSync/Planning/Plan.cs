namespace ExternalEndpointSync.Planning;

/// <summary>The planner's output: one <see cref="ServicePlan"/> per registration, ordered by namespace and name.</summary>
public sealed record Plan(IReadOnlyList<ServicePlan> Services)
{
    public bool HasChanges => Services.Any(static s => s.Changes.Count > 0);
}
