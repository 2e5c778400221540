using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources;

/// <summary>
/// What a source answered for one registration. A failure never turns into "zero endpoints":
/// a failing source returns its last good endpoints together with the error, or no endpoints
/// at all (null) when it never had a good answer, and the Service is then left as it is.
/// </summary>
public sealed record SourceResult
{
    /// <summary>The endpoints to publish; null when there is nothing trustworthy to publish.</summary>
    public ValueList<ResolvedEndpoint>? Endpoints { get; init; }

    /// <summary>A failure to report with the service, even when last good endpoints are kept.</summary>
    public string? Error { get; init; }

    /// <summary>The failure is the configuration's fault (bad token, unknown datacenter), not a transient one.</summary>
    public bool IsConfigurationError { get; init; }

    /// <summary>When the source wants to be asked again (TTL expiry); null for no preference.</summary>
    public DateTimeOffset? RefreshAt { get; init; }

    /// <summary>Human-readable lines on how the answer was obtained (shown by dry-run and the table output).</summary>
    public ValueList<string> Details { get; init; } = [];

    public static SourceResult Resolved(IReadOnlyList<ResolvedEndpoint> endpoints, IReadOnlyList<string>? details = null) =>
        new() { Endpoints = endpoints.ToValueList(), Details = details?.ToValueList() ?? [] };

    public static SourceResult Failed(string error, IReadOnlyList<ResolvedEndpoint>? lastGood = null, bool isConfigurationError = false) =>
        new() { Endpoints = lastGood?.ToValueList(), Error = error, IsConfigurationError = isConfigurationError };
}
