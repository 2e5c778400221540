using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ExternalEndpointSync.Sources.Consul;

/// <summary>
/// A typed client for exactly the Consul endpoints the source uses (see
/// <c>reference/consul-api.md</c>). The ACL token goes into a header of each request and nowhere else.
/// The token is read for every request (a rotated token file is picked up) and the HTTP handler is
/// built on first use, so an unusable token, CA or certificate file fails only the requests, with a
/// <see cref="ConsulFileException"/>, and never the process.
/// </summary>
public sealed class ConsulClient : IDisposable
{
    private const string TokenHeader = "X-Consul-Token";
    private const int MaxErrorBodyLength = 512;

    private readonly Uri _address;
    private readonly Func<HttpMessageHandler> _createHandler;
    private readonly Func<string?> _readToken;
    private readonly TimeSpan _requestTimeout;
    private readonly Lock _gate = new();
    private HttpClient? _http;

    /// <param name="address">Consul's address, ending in a slash.</param>
    /// <param name="createHandler">Builds the HTTP handler on first use; retried on the next request when it throws.</param>
    /// <param name="readToken">Reads the ACL token for a request; null for anonymous requests.</param>
    /// <param name="requestTimeout">
    /// The timeout of non-blocking requests; a blocking one gets its <c>wait</c> plus the server's
    /// wait/16 jitter on top of this.
    /// </param>
    public ConsulClient(Uri address, Func<HttpMessageHandler> createHandler, Func<string?> readToken, TimeSpan requestTimeout)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(createHandler);
        ArgumentNullException.ThrowIfNull(readToken);
        _address = address;
        _createHandler = createHandler;
        _readToken = readToken;
        _requestTimeout = requestTimeout;
    }

    public Uri Address => _address;

    /// <summary><c>GET /v1/health/service/:service</c>, blocking when <see cref="ConsulHealthQuery.Index"/> is set.</summary>
    public Task<ConsulResponse<IReadOnlyList<ConsulServiceEntry>>> GetHealthServiceAsync(ConsulHealthQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new List<KeyValuePair<string, string>>();
        if (query.OnlyPassing)
        {
            parameters.Add(new("passing", "true"));
        }

        parameters.AddRange(query.Tags.Select(static tag => new KeyValuePair<string, string>("tag", tag)));
        AddScope(parameters, query.Datacenter, query.Namespace, query.Partition);
        var timeout = _requestTimeout;
        if (query.IsBlocking)
        {
            parameters.Add(new("index", query.Index.ToString(CultureInfo.InvariantCulture)));
            parameters.Add(new("wait", FormatDuration(query.Wait)));
            timeout += query.Wait + (query.Wait / 16);
        }

        return GetAsync(
            "v1/health/service/" + Uri.EscapeDataString(query.Service),
            parameters,
            ConsulJsonContext.Default.IReadOnlyListConsulServiceEntry,
            timeout,
            cancellationToken);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _http?.Dispose();
        }
    }

    /// <summary>Go duration syntax, as Consul parses it.</summary>
    internal static string FormatDuration(TimeSpan duration) =>
        duration.Ticks % TimeSpan.TicksPerSecond == 0
            ? ((long)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
            : ((long)Math.Ceiling(duration.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";

    private static void AddScope(List<KeyValuePair<string, string>> parameters, string? datacenter, string? ns, string? partition)
    {
        if (!string.IsNullOrEmpty(datacenter))
        {
            parameters.Add(new("dc", datacenter));
        }

        if (!string.IsNullOrEmpty(ns))
        {
            parameters.Add(new("ns", ns));
        }

        if (!string.IsNullOrEmpty(partition))
        {
            parameters.Add(new("partition", partition));
        }
    }

    private async Task<ConsulResponse<T>> GetAsync<T>(
        string path,
        IReadOnlyList<KeyValuePair<string, string>> parameters,
        JsonTypeInfo<T> typeInfo,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var http = Connection();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path + BuildQuery(parameters), UriKind.Relative));
        if (_readToken() is { Length: > 0 } token)
        {
            request.Headers.TryAddWithoutValidation(TokenHeader, token);
        }

        // The timeout runs on real time on purpose: it bounds network I/O against a server whose
        // own wait is real time, so it must not follow a test's fake clock.
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(timeoutSource.Token);
                throw new ConsulApiException(response.StatusCode, DescribeError(path, response.StatusCode, body));
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeoutSource.Token);
            var value = await JsonSerializer.DeserializeAsync(stream, typeInfo, timeoutSource.Token)
                ?? throw new JsonException($"Consul answered {path} with null");
            return new ConsulResponse<T>(value, ReadIndex(response), ReadKnownLeader(response));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Consul did not answer {path} within {timeout.TotalSeconds:0.#}s");
        }
    }

    private HttpClient Connection()
    {
        lock (_gate)
        {
            return _http ??= new HttpClient(_createHandler(), disposeHandler: true) { BaseAddress = _address, Timeout = Timeout.InfiniteTimeSpan };
        }
    }

    private static string BuildQuery(IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        if (parameters.Count == 0)
        {
            return "";
        }

        var query = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        return query.ToString();
    }

    private static string DescribeError(string path, HttpStatusCode status, string body)
    {
        var text = body.Trim();
        if (text.Length > MaxErrorBodyLength)
        {
            text = text[..MaxErrorBodyLength];
        }

        return $"Consul answered {path} with {(int)status} {status}: {text}";
    }

    private static ulong ReadIndex(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Consul-Index", out var values)
            && ulong.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : 0;

    private static bool ReadKnownLeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Consul-KnownLeader", out var values)
            && bool.TryParse(values.FirstOrDefault(), out var known)
            && known;
}
