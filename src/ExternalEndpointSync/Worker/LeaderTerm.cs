namespace ExternalEndpointSync.Worker;

/// <summary>
/// One period of leadership. <see cref="Work"/> stops the sync loop (lease lost or worker
/// stopping); <see cref="Writes"/> ends only when the lease is lost or runs out, so writes in
/// flight at SIGTERM finish before the lease is released.
/// </summary>
public sealed record LeaderTerm(CancellationToken Work, CancellationToken Writes);
