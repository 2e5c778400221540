using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.TestSupport.Dns;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static ExternalEndpointSync.Tests.Sources.Dns.DnsTestServices;

namespace ExternalEndpointSync.Tests.Sources.Dns;

/// <summary>What each record type resolves to, against a real dnsmasq.</summary>
public sealed class DnsSourceRecordTypeTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_record_gives_every_ipv4_address_with_ttl_in_details()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records().Host("db.eps.test", 30, "192.0.2.10", "192.0.2.11"));

        var result = await NewSource(time).ResolveAsync(Service(dns, "db.eps.test"), CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(["192.0.2.10", "192.0.2.11"], Addresses(result));
        Assert.All(result.Endpoints!, endpoint => Assert.Null(endpoint.Port));
        Assert.All(result.Endpoints!, endpoint => Assert.Null(endpoint.Priority));
        Assert.Equal(["db.eps.test A 192.0.2.10, 192.0.2.11 (ttl 30s)"], result.Details);
        Assert.Equal(time.GetUtcNow().AddSeconds(30), result.RefreshAt);
    }

    [Fact]
    public async Task An_answer_too_big_for_udp_is_fetched_again_over_tcp()
    {
        var many = Enumerable.Range(1, 80).Select(static i => $"198.18.0.{i}").ToArray();
        await using var dns = await DnsmasqServer.StartAsync(Records().Add("edns-packet-max=512").Host("big.eps.test", 30, many));

        var result = await NewSource(time).ResolveAsync(Service(dns, "big.eps.test"), CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(many.Order(StringComparer.Ordinal), Addresses(result).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AAAA_record_gives_only_ipv6_addresses()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records().Host("db.eps.test", 30, "192.0.2.10", "2001:db8::10"));

        var result = await NewSource(time).ResolveAsync(Service(dns, "db.eps.test", DnsRecordType.AAAA), CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(["2001:db8::10"], Addresses(result));
    }

    [Fact]
    public async Task Dual_stack_gives_both_families_and_asks_each_once()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records().Host("db.eps.test", 30, "192.0.2.10", "2001:db8::10", "2001:db8::11"));

        var result = await NewSource(time).ResolveAsync(Service(dns, "db.eps.test", DnsRecordType.AAndAAAA), CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(["192.0.2.10", "2001:db8::10", "2001:db8::11"], Addresses(result));
        Assert.Equal(1, await dns.CountQueriesAsync("db.eps.test", "A"));
        Assert.Equal(1, await dns.CountQueriesAsync("db.eps.test", "AAAA"));
    }

    [Fact]
    public async Task Dual_stack_with_one_family_missing_publishes_the_other()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records().Host("db.eps.test", 30, "192.0.2.10"));

        var result = await NewSource(time).ResolveAsync(Service(dns, "db.eps.test", DnsRecordType.AAndAAAA), CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(["192.0.2.10"], Addresses(result));
        Assert.Contains("db.eps.test AAAA no records", result.Details);
    }

    [Fact]
    public async Task Cname_chain_is_followed_and_shown()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records()
            .Host("real.eps.test", 30, "192.0.2.20")
            .Cname("alias.eps.test", "middle.eps.test", ttl: 40)
            .Cname("middle.eps.test", "real.eps.test", ttl: 40));

        var result = await NewSource(time).ResolveAsync(Service(dns, "alias.eps.test"), CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(["192.0.2.20"], Addresses(result));
        Assert.Equal(["alias.eps.test → middle.eps.test → real.eps.test A 192.0.2.20 (ttl 30s)"], result.Details);
    }

    [Fact]
    public async Task Srv_hands_on_every_priority_group_with_each_record_priority_and_port()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records()
            .Host("db1.eps.test", 30, "192.0.2.1", "2001:db8::1")
            .Host("db2.eps.test", 30, "192.0.2.2")
            .Host("standby.eps.test", 30, "192.0.2.9")
            .Host("last.eps.test", 30, "192.0.2.30")
            .Srv("_pg._tcp.eps.test", "last.eps.test", 8432, priority: 30, weight: 0)
            .Srv("_pg._tcp.eps.test", "db1.eps.test", 5432, priority: 10, weight: 5)
            .Srv("_pg._tcp.eps.test", "db2.eps.test", 6432, priority: 10, weight: 1)
            .Srv("_pg._tcp.eps.test", "standby.eps.test", 7432, priority: 20, weight: 0));

        var result = await NewSource(time).ResolveAsync(Service(dns, "_pg._tcp.eps.test", DnsRecordType.SRV), CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(
            [
                ("192.0.2.1", 5432, 10), ("2001:db8::1", 5432, 10), ("192.0.2.2", 6432, 10),
                ("192.0.2.9", 7432, 20), ("192.0.2.30", 8432, 30),
            ],
            result.Endpoints!.Select(static endpoint => (endpoint.Address, endpoint.Port ?? 0, endpoint.Priority ?? 0)));
        Assert.Contains("_pg._tcp.eps.test SRV 10 5 5432 db1.eps.test → 192.0.2.1, 2001:db8::1", result.Details);
        Assert.Contains("_pg._tcp.eps.test SRV 20 0 7432 standby.eps.test → 192.0.2.9", result.Details);
        Assert.Contains(
            result.Details,
            line => line.StartsWith("_pg._tcp.eps.test SRV publishing priority 10 (then 20, 30 when every better target is unhealthy) (ttl ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Srv_group_without_an_address_is_left_out_and_the_next_group_would_be_published()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records()
            .Host("standby.eps.test", 30, "192.0.2.9")
            .Srv("_pg._tcp.eps.test", "gone1.eps.test", 5432, priority: 10)
            .Srv("_pg._tcp.eps.test", "gone2.eps.test", 5432, priority: 10)
            .Srv("_pg._tcp.eps.test", "standby.eps.test", 7432, priority: 20));

        var result = await NewSource(time).ResolveAsync(Service(dns, "_pg._tcp.eps.test", DnsRecordType.SRV), CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal([("192.0.2.9", 7432, 20)], result.Endpoints!.Select(static endpoint => (endpoint.Address, endpoint.Port ?? 0, endpoint.Priority ?? 0)));
        Assert.Contains("_pg._tcp.eps.test SRV 10 0 5432 gone1.eps.test → no addresses (NXDOMAIN)", result.Details);
        Assert.Contains(result.Details, line => line.StartsWith("_pg._tcp.eps.test SRV publishing priority 20 (ttl ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Srv_target_in_two_groups_is_handed_on_once_with_the_better_priority()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records()
            .Host("db1.eps.test", 30, "192.0.2.1")
            .Srv("_pg._tcp.eps.test", "db1.eps.test", 5432, priority: 20)
            .Srv("_pg._tcp.eps.test", "db1.eps.test", 5432, priority: 10));

        var result = await NewSource(time).ResolveAsync(Service(dns, "_pg._tcp.eps.test", DnsRecordType.SRV), CancellationToken.None);

        Assert.Equal([("192.0.2.1", 10)], result.Endpoints!.Select(static endpoint => (endpoint.Address, endpoint.Priority ?? 0)));
    }

    [Fact]
    public async Task Srv_target_addresses_follow_the_target_ttl()
    {
        await using var dns = await DnsmasqServer.StartAsync(
            Records().Host("db1.eps.test", 12, "192.0.2.1").Srv("_pg._tcp.eps.test", "db1.eps.test", 5432),
            new DnsmasqOptions { LocalTtl = 60 });

        var result = await NewSource(time).ResolveAsync(Service(dns, "_pg._tcp.eps.test", DnsRecordType.SRV), CancellationToken.None);

        Assert.Equal(time.GetUtcNow().AddSeconds(12), result.RefreshAt);
    }

    [Fact]
    public async Task Srv_hands_on_only_the_targets_that_resolve()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records()
            .Host("db1.eps.test", 30, "192.0.2.1")
            .Host("standby.eps.test", 30, "192.0.2.9")
            .Srv("_pg._tcp.eps.test", "db1.eps.test", 5432, priority: 10)
            .Srv("_pg._tcp.eps.test", "gone.eps.test", 5432, priority: 10)
            .Srv("_pg._tcp.eps.test", "standby.eps.test", 5432, priority: 20));

        var result = await NewSource(time).ResolveAsync(Service(dns, "_pg._tcp.eps.test", DnsRecordType.SRV), CancellationToken.None);

        Assert.Equal(["192.0.2.1", "192.0.2.9"], Addresses(result));
    }

    [Fact]
    public async Task Srv_target_behind_a_cname_shows_the_alias()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records()
            .Host("real.eps.test", 30, "192.0.2.1")
            .Cname("db1.eps.test", "real.eps.test")
            .Srv("_pg._tcp.eps.test", "db1.eps.test", 5432, priority: 10, weight: 5));

        var result = await NewSource(time).ResolveAsync(Service(dns, "_pg._tcp.eps.test", DnsRecordType.SRV), CancellationToken.None);

        Assert.Contains("_pg._tcp.eps.test SRV 10 5 5432 db1.eps.test → 192.0.2.1 (via real.eps.test)", result.Details);
    }

    [Fact]
    public async Task Srv_without_records_is_an_empty_answer()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records().Host("db1.eps.test", 30, "192.0.2.1"));
        var service = Service(dns, "_pg._tcp.eps.test", DnsRecordType.SRV, static spec => spec with { EmptyAfter = 1 });

        var result = await NewSource(time).ResolveAsync(service, CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Empty(result.Endpoints!);
        Assert.StartsWith("_pg._tcp.eps.test SRV NXDOMAIN", Assert.Single(result.Details), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_are_asked_fully_qualified()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records().Host("db.eps.test", 30, "192.0.2.10"));

        var result = await NewSource(time).ResolveAsync(Service(dns, "db.eps.test."), CancellationToken.None);

        Assert.Equal(["192.0.2.10"], Addresses(result));
        Assert.Equal(1, await dns.CountQueriesAsync("db.eps.test"));
    }

    private static List<string> Addresses(SourceResult result) =>
        Assert.IsAssignableFrom<IReadOnlyList<ResolvedEndpoint>>(result.Endpoints).Select(static endpoint => endpoint.Address).ToList();
}
