namespace ExternalEndpointSync.TestSupport.Consul;

/// <summary>One service instance registered in the <see cref="ConsulDouble"/>, with its node.</summary>
public sealed record ConsulDoubleInstance
{
    public required string Id { get; init; }

    public string Node { get; init; } = "node-1";

    public string NodeAddress { get; init; } = "10.0.0.1";

    /// <summary><c>Service.Address</c>; empty means the node's address applies.</summary>
    public string Address { get; init; } = "";

    public int Port { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyDictionary<string, ConsulDoubleServiceAddress> ServiceTaggedAddresses { get; init; } =
        new Dictionary<string, ConsulDoubleServiceAddress>();

    public IReadOnlyDictionary<string, string> NodeTaggedAddresses { get; init; } = new Dictionary<string, string>();

    /// <summary>The status of the instance's service check: passing, warning, critical or maintenance.</summary>
    public string Status { get; init; } = "passing";
}

/// <summary>A service tagged address with its own port.</summary>
public sealed record ConsulDoubleServiceAddress(string Address, int Port);
