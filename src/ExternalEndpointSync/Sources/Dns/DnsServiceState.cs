using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources.Dns;

/// <summary>What the DNS source remembers about one registration between resolutions.</summary>
internal sealed record DnsServiceState
{
    public required DnsSourceSpec Spec { get; init; }

    /// <summary>What the registration asks; the last good answer belongs to it and is dropped when it changes.</summary>
    public required DnsQuestionKey Question { get; init; }

    /// <summary>The last answer with addresses, or the empty list once <see cref="DnsSourceSpec.EmptyAfter"/> was reached; null before either.</summary>
    public IReadOnlyList<ResolvedEndpoint>? LastGood { get; init; }

    /// <summary>The answer <see cref="Result"/> was made from; an answer shared with other registrations counts once.</summary>
    public DnsAnswer? Answer { get; init; }

    /// <summary>Definitive empty answers in a row; transient failures neither count nor reset it.</summary>
    public int ConsecutiveEmpty { get; init; }

    /// <summary>The result handed out until its <see cref="SourceResult.RefreshAt"/>.</summary>
    public SourceResult? Result { get; init; }
}
