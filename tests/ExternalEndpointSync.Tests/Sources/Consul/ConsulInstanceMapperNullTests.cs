using System.Text.Json;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources.Consul;

namespace ExternalEndpointSync.Tests.Sources.Consul;

/// <summary>Entries with nulls where Consul's API promises values fail with a reason, never a NullReferenceException.</summary>
public sealed class ConsulInstanceMapperNullTests
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    [Fact]
    public async Task An_entry_with_a_null_node_is_a_reported_failure_and_the_others_are_published()
    {
        var entries = JsonSerializer.Deserialize<List<ConsulServiceEntry>>("""
            [
              { "Node": null, "Service": { "ID": "redis-1", "Service": "redis", "Address": "192.0.2.1", "Port": 6379 }, "Checks": [] },
              { "Node": { "Node": "n2", "Address": "192.0.2.2" }, "Service": { "ID": "redis-2", "Service": "redis", "Port": 6379 },
                "Checks": [ { "CheckID": null, "Status": "passing" }, null ] }
            ]
            """, Json)!;

        var result = await new ConsulInstanceMapper().MapAsync(new ConsulSourceSpec { Service = "redis" }, null, entries, 7, CancellationToken.None);

        Assert.Equal(["192.0.2.2"], result.Endpoints!.Select(static e => e.Address));
        Assert.Contains("without Node (instance redis-1)", result.Error, StringComparison.Ordinal);
    }
}
