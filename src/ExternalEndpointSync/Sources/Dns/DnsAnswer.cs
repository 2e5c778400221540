using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources.Dns;

/// <summary>A resolution and when it was obtained, shared by every registration asking the same question.</summary>
internal sealed record DnsAnswer(DnsResolution Resolution, DateTimeOffset ResolvedAt)
{
    /// <summary>
    /// How long the answer is used for <paramref name="spec"/>: its shortest TTL clamped to the
    /// spec's bounds; a failure only for MinTtl, since it may be brief.
    /// </summary>
    public DateTimeOffset ExpiresAt(DnsSourceSpec spec)
    {
        var ttl = Resolution.Status == DnsQueryStatus.TransientFailure ? spec.MinTtl : Resolution.Ttl ?? spec.MinTtl;
        return ResolvedAt + (ttl < spec.MinTtl ? spec.MinTtl : ttl > spec.MaxTtl ? spec.MaxTtl : ttl);
    }
}
