using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Planning;

/// <summary>
/// A registration and what to publish for it. <see cref="Endpoints"/> is null when the source has
/// nothing trustworthy (failed without a last good answer): the planner then changes nothing of
/// that service, and never deletes it.
/// </summary>
public sealed record DesiredService(ExternalServiceSpec Spec, IReadOnlyList<PublishedEndpoint>? Endpoints)
{
    public ServiceKey Key => Spec.Key;
}
