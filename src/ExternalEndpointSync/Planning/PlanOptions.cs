using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Planning;

/// <summary>Who is planning and which kinds of change are allowed.</summary>
public sealed record PlanOptions(string OwnerId, SyncPolicy Policy = SyncPolicy.Sync);
