namespace ExternalEndpointSync.Sources.Consul;

/// <summary>One element of <c>/v1/health/service/:service</c>: an instance with its node and checks.</summary>
public sealed record ConsulServiceEntry
{
    public ConsulNode Node { get; init; } = new();

    public ConsulAgentService Service { get; init; } = new();

    public IReadOnlyList<ConsulHealthCheck>? Checks { get; init; }
}

/// <summary>The node an instance runs on.</summary>
public sealed record ConsulNode
{
    public string Node { get; init; } = "";

    public string Address { get; init; } = "";

    public string? Datacenter { get; init; }

    /// <summary>Node tagged addresses are plain strings (<c>lan</c>, <c>wan</c>, <c>lan_ipv4</c>, …).</summary>
    public IReadOnlyDictionary<string, string>? TaggedAddresses { get; init; }
}

/// <summary>The service instance as registered.</summary>
public sealed record ConsulAgentService
{
    public string ID { get; init; } = "";

    public string Service { get; init; } = "";

    public string? Address { get; init; }

    public int Port { get; init; }

    /// <summary>Service tagged addresses carry their own port.</summary>
    public IReadOnlyDictionary<string, ConsulServiceAddress>? TaggedAddresses { get; init; }
}

/// <summary>A service tagged address.</summary>
public sealed record ConsulServiceAddress
{
    public string Address { get; init; } = "";

    public int Port { get; init; }
}

/// <summary>A health check of the node or of the instance.</summary>
public sealed record ConsulHealthCheck
{
    public string CheckID { get; init; } = "";

    public string Name { get; init; } = "";

    /// <summary><c>passing</c>, <c>warning</c>, <c>critical</c> or <c>maintenance</c>.</summary>
    public string Status { get; init; } = "";
}
