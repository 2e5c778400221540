namespace ExternalEndpointSync.Applier;

/// <summary>How the writer retries: transient failures and stale resourceVersions.</summary>
public sealed record KubernetesRetryOptions
{
    public int MaxRetryAttempts { get; init; } = 6;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Per request; a request still unanswered then is retried.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
