using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.TestSupport.Dns;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static ExternalEndpointSync.Tests.Sources.Dns.DnsTestServices;

namespace ExternalEndpointSync.Tests.Sources.Dns;

/// <summary>Refresh follows the answer's TTL: one query per name per TTL period, counted in dnsmasq's query log.</summary>
public sealed class DnsSourceRefreshTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Name_is_not_asked_again_before_its_ttl_expires_and_is_asked_once_after()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records().Host("db.eps.test", 30, "192.0.2.10"));
        var source = NewSource(time);
        var service = Service(dns, "db.eps.test");

        var first = await source.ResolveAsync(service, CancellationToken.None);
        for (var i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            Assert.Same(first, await source.ResolveAsync(service, CancellationToken.None));
        }

        Assert.Equal(1, await dns.CountQueriesAsync("db.eps.test"));

        time.SetUtcNow(first.RefreshAt!.Value);
        var second = await source.ResolveAsync(service, CancellationToken.None);
        await source.ResolveAsync(service, CancellationToken.None);

        Assert.Equal(2, await dns.CountQueriesAsync("db.eps.test"));
        Assert.Equal(first.RefreshAt.Value.AddSeconds(30), second.RefreshAt);
    }

    [Fact]
    public async Task Force_asks_before_the_ttl_expires()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records().Host("db.eps.test", 30, "192.0.2.10"));
        var source = NewSource(time);
        var service = Service(dns, "db.eps.test");

        await source.ResolveAsync(service, CancellationToken.None);
        await source.ResolveAsync(service, force: true, CancellationToken.None);

        Assert.Equal(2, await dns.CountQueriesAsync("db.eps.test"));
    }

    [Fact]
    public async Task Short_ttl_is_raised_to_min_ttl()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records().Host("db.eps.test", 1, "192.0.2.10"));
        var source = NewSource(time);
        var service = Service(dns, "db.eps.test", adjust: static spec => spec with { MinTtl = TimeSpan.FromSeconds(5) });

        var result = await source.ResolveAsync(service, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(4));
        await source.ResolveAsync(service, CancellationToken.None);

        Assert.Equal(time.GetUtcNow().AddSeconds(1), result.RefreshAt);
        Assert.Equal(1, await dns.CountQueriesAsync("db.eps.test"));
        time.Advance(TimeSpan.FromSeconds(1));
        await source.ResolveAsync(service, CancellationToken.None);
        Assert.Equal(2, await dns.CountQueriesAsync("db.eps.test"));
    }

    [Fact]
    public async Task Long_ttl_is_lowered_to_max_ttl()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records().Host("db.eps.test", 86400, "192.0.2.10"));
        var source = NewSource(time);
        var service = Service(dns, "db.eps.test", adjust: static spec => spec with { MaxTtl = TimeSpan.FromMinutes(5) });

        var result = await source.ResolveAsync(service, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5));
        await source.ResolveAsync(service, CancellationToken.None);

        Assert.Equal(time.GetUtcNow(), result.RefreshAt);
        Assert.Equal(2, await dns.CountQueriesAsync("db.eps.test"));
    }

    [Fact]
    public async Task Address_change_is_picked_up_when_the_ttl_expires_and_not_before()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records(), new DnsmasqOptions { LocalTtl = 30 });
        await dns.SetHostsAsync([("192.0.2.10", "db.eps.test")]);
        var source = NewSource(time);
        var service = Service(dns, "db.eps.test");

        var before = await source.ResolveAsync(service, CancellationToken.None);
        await dns.SetHostsAsync([("192.0.2.77", "db.eps.test")]);
        time.Advance(TimeSpan.FromSeconds(29));
        var stale = await source.ResolveAsync(service, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        var after = await source.ResolveAsync(service, CancellationToken.None);

        Assert.Equal("192.0.2.10", Assert.Single(before.Endpoints!).Address);
        Assert.Equal("192.0.2.10", Assert.Single(stale.Endpoints!).Address);
        Assert.Equal("192.0.2.77", Assert.Single(after.Endpoints!).Address);
        Assert.Equal(2, await dns.CountQueriesAsync("db.eps.test"));
    }

    [Fact]
    public async Task Srv_record_change_is_picked_up_when_the_ttl_expires()
    {
        await using var dns = await DnsmasqServer.StartAsync(
            Records().Host("db1.eps.test", 30, "192.0.2.1").Host("db2.eps.test", 30, "192.0.2.2").Srv("_pg._tcp.eps.test", "db1.eps.test", 5432),
            new DnsmasqOptions { LocalTtl = 30 });
        var source = NewSource(time);
        var service = Service(dns, "_pg._tcp.eps.test", DnsRecordType.SRV);
        var before = await source.ResolveAsync(service, CancellationToken.None);

        await dns.ReplaceRecordsAsync(Records().Host("db1.eps.test", 30, "192.0.2.1").Host("db2.eps.test", 30, "192.0.2.2").Srv("_pg._tcp.eps.test", "db2.eps.test", 6432));
        var stale = await source.ResolveAsync(service, CancellationToken.None);
        time.SetUtcNow(before.RefreshAt!.Value);
        var after = await source.ResolveAsync(service, CancellationToken.None);

        Assert.Same(before, stale);
        Assert.Equal(("192.0.2.1", 5432), Endpoint(before));
        Assert.Equal(("192.0.2.2", 6432), Endpoint(after));
    }

    [Fact]
    public async Task Srv_refresh_asks_each_name_once_per_period()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records()
            .Host("db1.eps.test", 30, "192.0.2.1")
            .Host("db2.eps.test", 30, "192.0.2.2")
            .Srv("_pg._tcp.eps.test", "db1.eps.test", 5432)
            .Srv("_pg._tcp.eps.test", "db2.eps.test", 5432));
        var source = NewSource(time);
        var service = Service(dns, "_pg._tcp.eps.test", DnsRecordType.SRV);

        var first = await source.ResolveAsync(service, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        await source.ResolveAsync(service, CancellationToken.None);
        time.SetUtcNow(first.RefreshAt!.Value);
        await source.ResolveAsync(service, CancellationToken.None);

        var queries = await dns.QueriesAsync();
        Assert.Equal(2, queries.Count(static query => query is { Name: "_pg._tcp.eps.test", Type: "SRV" }));
        Assert.Equal(2, queries.Count(static query => query is { Name: "db1.eps.test", Type: "A" }));
        Assert.Equal(2, queries.Count(static query => query is { Name: "db2.eps.test", Type: "AAAA" }));
    }

    [Fact]
    public async Task Registrations_sharing_a_name_share_one_query_per_period()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records().Host("db.eps.test", 30, "192.0.2.10"));
        var source = NewSource(time);
        var services = Enumerable.Range(0, 5).Select(i => Service(dns, "db.eps.test") with { Name = $"orders-db-{i}" }).ToList();

        var first = await Task.WhenAll(services.Select(service => source.ResolveAsync(service, CancellationToken.None)));
        time.Advance(TimeSpan.FromSeconds(10));
        var late = await source.ResolveAsync(Service(dns, "db.eps.test") with { Name = "late" }, CancellationToken.None);

        Assert.All(first, result => Assert.Equal("192.0.2.10", Assert.Single(result.Endpoints!).Address));
        Assert.Equal(first[0].RefreshAt, late.RefreshAt);
        Assert.Equal(1, await dns.CountQueriesAsync("db.eps.test"));
    }

    [Fact]
    public async Task Forgotten_registration_is_asked_afresh()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records().Host("db.eps.test", 30, "192.0.2.10"));
        var source = NewSource(time);
        var service = Service(dns, "db.eps.test");

        await source.ResolveAsync(service, CancellationToken.None);
        source.Forget(service.Key);
        await source.ResolveAsync(service, CancellationToken.None);

        Assert.Equal(2, await dns.CountQueriesAsync("db.eps.test"));
    }

    private static (string Address, int Port) Endpoint(SourceResult result)
    {
        var endpoint = Assert.Single(result.Endpoints!);
        return (endpoint.Address, endpoint.Port ?? 0);
    }
}
