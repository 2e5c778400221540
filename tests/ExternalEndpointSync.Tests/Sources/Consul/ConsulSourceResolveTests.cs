using System.Net;
using System.Net.Sockets;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.TestSupport.Consul;
using Xunit;

namespace ExternalEndpointSync.Tests.Sources.Consul;

/// <summary>One-shot reads (<c>sync --once</c>) against the Consul double: address, port, filter and health rules.</summary>
public sealed class ConsulSourceResolveTests : IAsyncLifetime
{
    private ConsulDouble _consul = null!;

    public async Task InitializeAsync() => _consul = await ConsulDouble.StartAsync();

    public async Task DisposeAsync() => await _consul.DisposeAsync();

    [Fact]
    public async Task Instance_address_is_the_service_address_else_the_node_address_and_the_port_is_the_instance_port()
    {
        _consul.Register(
            "redis",
            new ConsulDoubleInstance { Id = "a", NodeAddress = "10.0.0.1", Address = "10.1.0.1", Port = 6380 },
            new ConsulDoubleInstance { Id = "b", NodeAddress = "10.0.0.2", Address = "", Port = 6381 });
        var result = await ResolveAsync(new ConsulSourceSpec { Service = "redis" });

        Assert.Null(result.Error);
        Assert.Equal(
            [new ResolvedEndpoint { Address = "10.0.0.2", Port = 6381, SourceReady = true }, new ResolvedEndpoint { Address = "10.1.0.1", Port = 6380, SourceReady = true }],
            result.Endpoints!);
    }

    [Fact]
    public async Task Preferred_tagged_address_wins_in_order_and_a_service_tagged_address_brings_its_port()
    {
        _consul.Register(
            "redis",
            new ConsulDoubleInstance
            {
                Id = "a",
                Address = "10.1.0.1",
                Port = 6379,
                ServiceTaggedAddresses = new Dictionary<string, ConsulDoubleServiceAddress> { ["wan_ipv4"] = new("198.51.100.7", 16379) },
            },
            new ConsulDoubleInstance
            {
                Id = "b",
                Address = "10.1.0.2",
                Port = 6379,
                NodeTaggedAddresses = new Dictionary<string, string> { ["lan_ipv6"] = "2001:db8::2" },
            },
            new ConsulDoubleInstance { Id = "c", Address = "10.1.0.3", Port = 6379 });

        var result = await ResolveAsync(new ConsulSourceSpec { Service = "redis", AddressPreference = ["lan_ipv6", "wan_ipv4"] });

        Assert.Equal(
            [("10.1.0.3", 6379), ("198.51.100.7", 16379), ("2001:db8::2", 6379)],
            result.Endpoints!.Select(e => (e.Address, e.Port ?? 0)));
    }

    [Fact]
    public async Task Hostnames_are_resolved_through_the_injected_resolver_and_one_that_fails_fails_the_whole_answer()
    {
        _consul.Register(
            "redis",
            new ConsulDoubleInstance { Id = "a", Address = "redis-a.consul.test", Port = 6379 },
            new ConsulDoubleInstance { Id = "b", NodeAddress = "gone.consul.test", Port = 6379 },
            new ConsulDoubleInstance { Id = "c", Address = "10.1.0.3", Port = 6379 },
            new ConsulDoubleInstance { Id = "d", Address = "slow.consul.test", Port = 6379 });
        var asked = new List<string>();
        Task<IReadOnlyList<IPAddress>> Resolve(string host, CancellationToken cancellationToken)
        {
            asked.Add(host);
            return host switch
            {
                "redis-a.consul.test" => Task.FromResult<IReadOnlyList<IPAddress>>([IPAddress.Parse("10.2.0.1"), IPAddress.Parse("2001:db8::21")]),
                "slow.consul.test" => throw new OperationCanceledException("the resolver's own timeout"),
                _ => throw new SocketException((int)SocketError.HostNotFound),
            };
        }

        var (source, client) = ConsulTestKit.CreateSource(ConsulTestKit.Settings(_consul), resolveHost: Resolve);
        await using var _ = source;
        using var __ = client;
        var result = await source.ResolveAsync(ConsulTestKit.Registration(new ConsulSourceSpec { Service = "redis" }), ConsulTestKit.Timeout());

        Assert.Equal(["gone.consul.test", "redis-a.consul.test", "slow.consul.test"], asked.Order(StringComparer.Ordinal));
        // Publishing the instances that did resolve would drop the others from the Service.
        Assert.Null(result.Endpoints);
        Assert.Contains("gone.consul.test", result.Error, StringComparison.Ordinal);
        Assert.Contains("slow.consul.test", result.Error, StringComparison.Ordinal);
        Assert.False(result.IsConfigurationError);
    }

    [Fact]
    public async Task A_hostname_that_stops_resolving_or_an_instance_without_an_address_keeps_the_last_good_answer_whole()
    {
        _consul.Register(
            "redis",
            new ConsulDoubleInstance { Id = "a", Address = "redis-a.consul.test", Port = 6379 },
            new ConsulDoubleInstance { Id = "c", Address = "10.1.0.3", Port = 6379 });
        var resolves = true;
        Task<IReadOnlyList<IPAddress>> Resolve(string host, CancellationToken cancellationToken) =>
            resolves
                ? Task.FromResult<IReadOnlyList<IPAddress>>([IPAddress.Parse("10.2.0.1")])
                : throw new TimeoutException("timed out against consul.nameservers");
        var (source, client) = ConsulTestKit.CreateSource(ConsulTestKit.Settings(_consul), resolveHost: Resolve);
        await using var _ = source;
        using var __ = client;
        var registration = ConsulTestKit.Registration(new ConsulSourceSpec { Service = "redis" });
        var good = await source.ResolveAsync(registration, ConsulTestKit.Timeout());

        resolves = false;
        var unresolved = await source.ResolveAsync(registration, ConsulTestKit.Timeout());
        resolves = true;
        _consul.Register(
            "redis",
            new ConsulDoubleInstance { Id = "a", Address = "redis-a.consul.test", Port = 6379 },
            new ConsulDoubleInstance { Id = "c", NodeAddress = "", Address = "", Port = 6379 });
        var addressless = await source.ResolveAsync(registration, ConsulTestKit.Timeout());

        Assert.Null(good.Error);
        Assert.Equal(2, good.Endpoints!.Count);
        Assert.Equal(good.Endpoints!, unresolved.Endpoints!);
        Assert.Contains("redis-a.consul.test did not resolve: timed out", unresolved.Error, StringComparison.Ordinal);
        Assert.Equal(good.Endpoints!, addressless.Endpoints!);
        Assert.Contains("instance c", addressless.Error, StringComparison.Ordinal);
        Assert.Contains("has no address", addressless.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instances_sharing_an_address_and_port_become_one_endpoint_ready_when_any_of_them_is()
    {
        _consul.Register(
            "redis",
            new ConsulDoubleInstance { Id = "a", Node = "agent-1", Address = "10.1.0.1", Port = 6379, Status = "critical" },
            new ConsulDoubleInstance { Id = "b", Node = "agent-2", Address = "10.1.0.1", Port = 6379, Status = "passing" },
            new ConsulDoubleInstance { Id = "c", Node = "agent-2", Address = "10.1.0.1", Port = 6380, Status = "critical" });

        var result = await ResolveAsync(new ConsulSourceSpec { Service = "redis" });

        Assert.Equal(
            [new ResolvedEndpoint { Address = "10.1.0.1", Port = 6379, SourceReady = true }, new ResolvedEndpoint { Address = "10.1.0.1", Port = 6380, SourceReady = false }],
            result.Endpoints!);
    }

    [Fact]
    public async Task Every_tag_must_match_and_tags_are_sent_as_repeated_parameters()
    {
        _consul.Register(
            "redis",
            new ConsulDoubleInstance { Id = "a", Address = "10.1.0.1", Port = 6379, Tags = ["primary", "v7"] },
            new ConsulDoubleInstance { Id = "b", Address = "10.1.0.2", Port = 6379, Tags = ["primary"] },
            new ConsulDoubleInstance { Id = "c", Address = "10.1.0.3", Port = 6379, Tags = ["replica", "v7"] });

        var result = await ResolveAsync(new ConsulSourceSpec { Service = "redis", Tags = ["primary", "v7"] });

        Assert.Equal(["10.1.0.1"], result.Endpoints!.Select(e => e.Address));
        var request = Assert.Single(_consul.Requests);
        Assert.Equal(["primary", "v7"], request.Query["tag"]);
        Assert.False(request.Has("index"), "a one-shot read must not block");
    }

    [Theory]
    [InlineData("passing", true)]
    [InlineData("warning", true)]
    [InlineData("critical", false)]
    [InlineData("maintenance", false)]
    public async Task Check_status_maps_to_source_readiness(string status, bool ready)
    {
        _consul.Register("redis", new ConsulDoubleInstance { Id = "a", Address = "10.1.0.1", Port = 6379, Status = status });

        var result = await ResolveAsync(new ConsulSourceSpec { Service = "redis" });

        Assert.Equal(ready, Assert.Single(result.Endpoints!).SourceReady);
    }

    [Fact]
    public async Task Only_passing_sends_passing_to_consul_and_leaves_out_every_other_instance()
    {
        _consul.Register(
            "redis",
            new ConsulDoubleInstance { Id = "a", Address = "10.1.0.1", Port = 6379, Status = "passing" },
            new ConsulDoubleInstance { Id = "b", Address = "10.1.0.2", Port = 6379, Status = "warning" },
            new ConsulDoubleInstance { Id = "c", Address = "10.1.0.3", Port = 6379, Status = "critical" },
            new ConsulDoubleInstance { Id = "d", Address = "10.1.0.4", Port = 6379, Status = "maintenance" });

        var result = await ResolveAsync(new ConsulSourceSpec { Service = "redis", OnlyPassing = true });

        Assert.Equal([new ResolvedEndpoint { Address = "10.1.0.1", Port = 6379, SourceReady = true }], result.Endpoints!);
        Assert.Equal("true", Assert.Single(_consul.Requests).Single("passing"));
    }

    [Fact]
    public async Task Details_line_names_service_tags_datacenter_health_counts_and_index()
    {
        _consul.Register(
            "redis",
            new ConsulDoubleInstance { Id = "a", Address = "10.1.0.1", Port = 6379, Tags = ["primary"] },
            new ConsulDoubleInstance { Id = "b", Address = "10.1.0.2", Port = 6379, Tags = ["primary"] },
            new ConsulDoubleInstance { Id = "c", Address = "10.1.0.3", Port = 6379, Tags = ["primary"], Status = "warning" });

        var result = await ResolveAsync(new ConsulSourceSpec { Service = "redis", Tags = ["primary"], Datacenter = "dc1" });

        Assert.Equal([$"consul redis [primary] dc1: 3 instances (2 passing, 1 warning) index {_consul.IndexOf("redis")}"], result.Details);
    }

    [Fact]
    public async Task Datacenter_namespace_and_partition_are_passed_through_and_the_global_datacenter_is_the_default()
    {
        _consul.Register("redis", new ConsulDoubleInstance { Id = "a", Address = "10.1.0.1", Port = 6379 });
        var settings = ConsulTestKit.Settings(_consul) with { Datacenter = "dc1" };
        var (source, client) = ConsulTestKit.CreateSource(settings);
        await using var _ = source;
        using var __ = client;

        await source.ResolveAsync(ConsulTestKit.Registration(new ConsulSourceSpec { Service = "redis", Namespace = "team-a", Partition = "part-1" }), ConsulTestKit.Timeout());

        var request = Assert.Single(_consul.Requests);
        Assert.Equal(("dc1", "team-a", "part-1"), (request.Single("dc"), request.Single("ns"), request.Single("partition")));
    }

    [Fact]
    public async Task Unknown_datacenter_is_a_configuration_error_without_endpoints()
    {
        _consul.Register("redis", new ConsulDoubleInstance { Id = "a", Address = "10.1.0.1", Port = 6379 });

        var result = await ResolveAsync(new ConsulSourceSpec { Service = "redis", Datacenter = "dc9" });

        Assert.True(result.IsConfigurationError);
        Assert.Null(result.Endpoints);
        Assert.Contains("No path to datacenter", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_after_a_good_answer_keeps_the_last_good_endpoints_and_reports_the_error()
    {
        _consul.Register("redis", new ConsulDoubleInstance { Id = "a", Address = "10.1.0.1", Port = 6379 });
        var (source, client) = ConsulTestKit.CreateSource(ConsulTestKit.Settings(_consul));
        await using var _ = source;
        using var __ = client;
        var registration = ConsulTestKit.Registration(new ConsulSourceSpec { Service = "redis" });
        var good = await source.ResolveAsync(registration, ConsulTestKit.Timeout());

        _consul.Faults.Fail(500, "rpc error making call: No cluster leader");
        var failed = await source.ResolveAsync(registration, ConsulTestKit.Timeout());
        _consul.Faults.Clear();
        await _consul.StopAsync();
        var unreachable = await source.ResolveAsync(registration, ConsulTestKit.Timeout());

        Assert.Equal(good.Endpoints!, failed.Endpoints!);
        Assert.Contains("No cluster leader", failed.Error, StringComparison.Ordinal);
        Assert.False(failed.IsConfigurationError);
        Assert.Equal(good.Endpoints!, unreachable.Endpoints!);
        Assert.Contains("unreachable", unreachable.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_without_a_previous_answer_has_no_endpoints()
    {
        _consul.Faults.Fail(500, "rpc error");

        var result = await ResolveAsync(new ConsulSourceSpec { Service = "redis" });

        Assert.Null(result.Endpoints);
        Assert.NotNull(result.Error);
        Assert.False(result.IsConfigurationError);
    }

    [Fact]
    public async Task An_unknown_service_is_a_good_answer_with_no_endpoints()
    {
        var result = await ResolveAsync(new ConsulSourceSpec { Service = "nothing-here" });

        Assert.Null(result.Error);
        Assert.Empty(result.Endpoints!);
    }

    private async Task<SourceResult> ResolveAsync(ConsulSourceSpec spec)
    {
        var (source, client) = ConsulTestKit.CreateSource(ConsulTestKit.Settings(_consul));
        await using var _ = source;
        using var __ = client;
        return await source.ResolveAsync(ConsulTestKit.Registration(spec), ConsulTestKit.Timeout());
    }
}
