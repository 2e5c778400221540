namespace ExternalEndpointSync.TestSupport.Consul;

/// <summary>A request the <see cref="ConsulDouble"/> answered, as recorded when it completed.</summary>
public sealed record ConsulDoubleRequest
{
    public required string Path { get; init; }

    /// <summary>Every query parameter with all its values (<c>tag</c> repeats).</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Query { get; init; }

    /// <summary>The <c>X-Consul-Token</c> header, or null.</summary>
    public string? Token { get; init; }

    public int StatusCode { get; init; }

    /// <summary>The request carried an index above 0, so the double was allowed to hold it.</summary>
    public bool Blocking { get; init; }

    /// <summary>The double held the request until its <c>wait</c> elapsed, with nothing changed.</summary>
    public bool WaitElapsed { get; init; }

    /// <summary>The client went away before an answer.</summary>
    public bool Aborted { get; init; }

    /// <summary>The <c>X-Consul-Index</c> answered (0 for errors).</summary>
    public ulong AnsweredIndex { get; init; }

    /// <summary>The subject of the client certificate presented over TLS, if any.</summary>
    public string? ClientCertificateSubject { get; init; }

    public string? Single(string name) => Query.TryGetValue(name, out var values) ? values[0] : null;

    public bool Has(string name) => Query.ContainsKey(name);
}
