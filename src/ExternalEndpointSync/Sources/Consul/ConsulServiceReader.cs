using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources.Consul;

/// <summary>One read of a Consul service: the health query for a <see cref="ConsulSourceSpec"/>, mapped to endpoints.</summary>
public sealed class ConsulServiceReader
{
    /// <summary>Consul's own maximum for <c>wait</c>.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10);

    private readonly ConsulClient _client;
    private readonly ConsulInstanceMapper _mapper;
    private readonly ConsulSettings _settings;

    public ConsulServiceReader(ConsulClient client, ConsulInstanceMapper mapper, ConsulSettings settings)
    {
        _client = client;
        _mapper = mapper;
        _settings = settings;
    }

    /// <param name="index">The index to block on, or 0 for a non-blocking read.</param>
    /// <exception cref="ConsulInstanceException">An instance of the answer could not be mapped to an address.</exception>
    public async Task<ConsulRead> ReadAsync(ConsulSourceSpec spec, ulong index, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var datacenter = spec.Datacenter ?? _settings.Datacenter;
        var query = new ConsulHealthQuery
        {
            Service = spec.Service,
            Tags = spec.Tags,
            Datacenter = datacenter,
            Namespace = spec.Namespace,
            Partition = spec.Partition,
            OnlyPassing = spec.OnlyPassing,
            Index = index,
            Wait = _settings.Wait < MaxWait ? _settings.Wait : MaxWait,
        };
        var response = await _client.GetHealthServiceAsync(query, cancellationToken);
        var result = await _mapper.MapAsync(spec, datacenter, response.Value, response.Index, cancellationToken);
        if (result.Error is not null)
        {
            throw new ConsulInstanceException($"Consul service {spec.Service}: {result.Error}");
        }

        return new ConsulRead(result, response.Index);
    }

    /// <summary>A failure as reported with the service.</summary>
    public string DescribeFailure(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure switch
        {
            ConsulApiException => failure.Message,
            HttpRequestException => $"Consul at {_client.Address} is unreachable: {failure.Message}",
            System.Text.Json.JsonException => $"Consul at {_client.Address} sent an unreadable answer: {failure.Message}",
            _ => failure.Message,
        };
    }

    /// <summary>Whether a failure is the configuration's fault (bad token, unknown datacenter).</summary>
    public static bool IsConfigurationError(Exception failure) => failure is ConsulApiException { IsConfigurationError: true } or ConsulFileException;
}

/// <summary>The endpoints of one read and the <c>X-Consul-Index</c> the server sent with them.</summary>
public sealed record ConsulRead(SourceResult Result, ulong Index);
