using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources.Dns;

/// <summary>What the DNS source remembers about one registration between resolutions.</summary>
internal sealed record DnsServiceState
{
    /// <summary>The source the state belongs to; a changed name, type or server list starts afresh.</summary>
    public required DnsSourceSpec Spec { get; init; }

    /// <summary>The last answer with addresses, or the empty list once <see cref="DnsSourceSpec.EmptyAfter"/> was reached; null before either.</summary>
    public IReadOnlyList<ResolvedEndpoint>? LastGood { get; init; }

    /// <summary>Definitive empty answers in a row; transient failures neither count nor reset it.</summary>
    public int ConsecutiveEmpty { get; init; }

    /// <summary>The result handed out until its <see cref="SourceResult.RefreshAt"/>.</summary>
    public SourceResult? Result { get; init; }

    public bool IsFor(DnsSourceSpec spec) =>
        Spec.Name == spec.Name
        && Spec.Type == spec.Type
        && Spec.Nameservers.SequenceEqual(spec.Nameservers)
        && Spec.EmptyAfter == spec.EmptyAfter
        && Spec.MinTtl == spec.MinTtl
        && Spec.MaxTtl == spec.MaxTtl
        && Spec.Timeout == spec.Timeout
        && Spec.Retries == spec.Retries;
}
