namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// A fault to inject into matching requests. Verb (get, list, watch, create, update, patch, delete),
/// Resource (plural, e.g. "endpointslices"), Namespace and Name narrow the match; null matches anything.
/// The fault answers before anything is stored.
/// </summary>
public sealed record Fault
{
    public string? Verb { get; init; }

    public string? Resource { get; init; }

    public string? Namespace { get; init; }

    public string? Name { get; init; }

    /// <summary>Only requests of this client (a pod of <see cref="PodTokens"/>, else a user name): one replica cut off, the others not.</summary>
    public string? Client { get; init; }

    /// <summary>HTTP code of the Status to answer with; 0 answers normally (after <see cref="Delay"/>).</summary>
    public int StatusCode { get; init; }

    /// <summary>Overrides the Status reason Kubernetes uses for <see cref="StatusCode"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>Overrides the Status message.</summary>
    public string? Message { get; init; }

    /// <summary>How many matching requests this fault applies to.</summary>
    public int Times { get; init; } = 1;

    /// <summary>Waits this long before answering (or dropping).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Aborts the connection without any response.</summary>
    public bool DropConnection { get; init; }

    /// <summary>Seconds for a <c>Retry-After</c> header (429 and 503 use it).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Runs just before the request is served, as another client's write at that moment
    /// (e.g. deleting the object about to be updated); with <see cref="StatusCode"/> 0 the request then runs normally.</summary>
    public Action? Before { get; init; }

    internal bool Matches(string verb, string resource, string? ns, string? name, string client) =>
        (Client is null || Client == client)
        && (Verb is null || Verb == verb)
        && (Resource is null || Resource == resource)
        && (Namespace is null || Namespace == ns)
        && (Name is null || Name == name);
}
