using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.Sources.Dns;
using ExternalEndpointSync.TestSupport.Dns;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static ExternalEndpointSync.Tests.Sources.Dns.DnsTestServices;

namespace ExternalEndpointSync.Tests.Sources.Dns;

/// <summary>Failures keep the last good answer; only repeated definitive empty answers empty a Service.</summary>
public sealed class DnsSourceFailureTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Nxdomain_empties_the_service_only_after_empty_after_answers_in_a_row()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records(), new DnsmasqOptions { LocalTtl = 30 });
        await dns.SetHostsAsync([("192.0.2.10", "db.eps.test")]);
        var source = NewSource(time);
        var service = Service(dns, "db.eps.test", adjust: static spec => spec with { EmptyAfter = 3 });
        var good = await source.ResolveAsync(service, CancellationToken.None);
        await dns.SetHostsAsync([]);

        var results = new List<SourceResult>();
        var refreshAt = good.RefreshAt!.Value;
        for (var i = 0; i < 3; i++)
        {
            time.SetUtcNow(refreshAt);
            var result = await source.ResolveAsync(service, CancellationToken.None);
            results.Add(result);
            refreshAt = result.RefreshAt!.Value;
        }

        Assert.All(results.Take(2), held =>
        {
            Assert.Equal("192.0.2.10", Assert.Single(held.Endpoints!).Address);
            Assert.Contains("NXDOMAIN", held.Error, StringComparison.Ordinal);
            Assert.False(held.IsConfigurationError);
        });
        Assert.Contains("empty answer 2 of 3", results[1].Error, StringComparison.Ordinal);
        Assert.Empty(results[2].Endpoints!);
        Assert.Null(results[2].Error);
        Assert.Equal(["db.eps.test A NXDOMAIN"], results[2].Details.Select(static line => line.Split(" (ttl", 2)[0]));
    }

    [Fact]
    public async Task An_answer_with_records_resets_the_empty_count()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records(), new DnsmasqOptions { LocalTtl = 30 });
        await dns.SetHostsAsync([("192.0.2.10", "db.eps.test")]);
        var source = NewSource(time);
        var service = Service(dns, "db.eps.test", adjust: static spec => spec with { EmptyAfter = 2 });
        await source.ResolveAsync(service, CancellationToken.None);

        await dns.SetHostsAsync([]);
        var empty = await source.ResolveAsync(service, force: true, CancellationToken.None);
        await dns.SetHostsAsync([("192.0.2.11", "db.eps.test")]);
        await source.ResolveAsync(service, force: true, CancellationToken.None);
        await dns.SetHostsAsync([]);
        var emptyAgain = await source.ResolveAsync(service, force: true, CancellationToken.None);

        Assert.Contains("empty answer 1 of 2", empty.Error, StringComparison.Ordinal);
        Assert.Contains("empty answer 1 of 2", emptyAgain.Error, StringComparison.Ordinal);
        Assert.Equal("192.0.2.11", Assert.Single(emptyAgain.Endpoints!).Address);
    }

    [Fact]
    public async Task One_empty_answer_counts_once_even_when_reused()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records(), new DnsmasqOptions { LocalTtl = 30 });
        await dns.SetHostsAsync([("192.0.2.10", "db.eps.test")]);
        var source = NewSource(time);
        var service = Service(dns, "db.eps.test", adjust: static spec => spec with { EmptyAfter = 2 });
        var good = await source.ResolveAsync(service, CancellationToken.None);
        await dns.SetHostsAsync([]);
        time.SetUtcNow(good.RefreshAt!.Value);
        await source.ResolveAsync(Service(dns, "db.eps.test") with { Name = "sharing-the-name" }, CancellationToken.None);

        var empty = await source.ResolveAsync(service, CancellationToken.None);
        var retuned = await source.ResolveAsync(Service(dns, "db.eps.test", adjust: static spec => spec with { EmptyAfter = 2, Retries = 2 }), CancellationToken.None);

        Assert.Contains("empty answer 1 of 2", empty.Error, StringComparison.Ordinal);
        Assert.Contains("empty answer 1 of 2", retuned.Error, StringComparison.Ordinal);
        Assert.Equal(2, await dns.CountQueriesAsync("db.eps.test"));
    }

    [Fact]
    public async Task Stopped_server_keeps_the_last_good_addresses_and_reports_the_failure()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records().Host("db.eps.test", 30, "192.0.2.10", "192.0.2.11"));
        var source = NewSource(time);
        var service = Service(dns, "db.eps.test");
        var good = await source.ResolveAsync(service, CancellationToken.None);

        await dns.StopAsync();
        time.SetUtcNow(good.RefreshAt!.Value);
        var failed = await source.ResolveAsync(service, CancellationToken.None);

        Assert.Equal(good.Endpoints, failed.Endpoints);
        Assert.NotNull(failed.Error);
        Assert.StartsWith("db.eps.test A: ", failed.Error, StringComparison.Ordinal);
        Assert.False(failed.IsConfigurationError);
        Assert.Equal(time.GetUtcNow().AddSeconds(5), failed.RefreshAt);
    }

    [Fact]
    public async Task Unanswered_queries_time_out_and_keep_the_last_good_addresses()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records().Host("db.eps.test", 30, "192.0.2.10"));
        var source = NewSource(time);
        var service = Service(dns, "db.eps.test", DnsRecordType.AAndAAAA, static spec => spec with { Timeout = TimeSpan.FromMilliseconds(200), Retries = 1 });
        var good = await source.ResolveAsync(service, CancellationToken.None);

        dns.Suspend();
        time.SetUtcNow(good.RefreshAt!.Value);
        var failed = await source.ResolveAsync(service, CancellationToken.None);
        dns.Resume();

        Assert.Equal(good.Endpoints, failed.Endpoints);
        Assert.Equal("db.eps.test A: timed out", failed.Error);
        Assert.Contains("db.eps.test AAAA failed: timed out", failed.Details);
    }

    [Fact]
    public async Task Service_recovers_when_the_server_is_back()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records().Host("db.eps.test", 30, "192.0.2.10"));
        var source = NewSource(time);
        var service = Service(dns, "db.eps.test");
        await dns.StopAsync();
        var failed = await source.ResolveAsync(service, CancellationToken.None);

        await dns.RestartAsync();
        time.SetUtcNow(failed.RefreshAt!.Value);
        var recovered = await source.ResolveAsync(service, CancellationToken.None);

        Assert.Null(recovered.Error);
        Assert.Equal("192.0.2.10", Assert.Single(recovered.Endpoints!).Address);
    }

    [Fact]
    public async Task Transient_failure_without_a_previous_answer_is_a_failed_service_not_an_empty_one()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records().Host("db.eps.test", 30, "192.0.2.10"));
        await dns.StopAsync();

        var result = await NewSource(time).ResolveAsync(Service(dns, "db.eps.test"), CancellationToken.None);

        Assert.Null(result.Endpoints);
        Assert.NotNull(result.Error);
        Assert.False(result.IsConfigurationError);
    }

    [Fact]
    public async Task Empty_answer_without_a_previous_answer_leaves_the_service_as_it_is_until_empty_after()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records());
        var source = NewSource(time);
        var service = Service(dns, "missing.eps.test", adjust: static spec => spec with { EmptyAfter = 2 });

        var first = await source.ResolveAsync(service, force: true, CancellationToken.None);
        var second = await source.ResolveAsync(service, force: true, CancellationToken.None);

        Assert.Null(first.Endpoints);
        Assert.Contains("NXDOMAIN", first.Error, StringComparison.Ordinal);
        Assert.Empty(second.Endpoints!);
    }

    [Fact]
    public async Task Servfail_is_transient()
    {
        // Without upstream servers dnsmasq refuses names outside its local domains.
        await using var dns = await DnsmasqServer.StartAsync(Records().Host("db.eps.test", 30, "192.0.2.10"));
        var source = NewSource(time);

        var result = await source.ResolveAsync(Service(dns, "db.elsewhere.example"), CancellationToken.None);

        Assert.Null(result.Endpoints);
        Assert.Matches("^db.elsewhere.example A: (REFUSED|SERVFAIL)$", result.Error);
    }

    [Fact]
    public async Task Clients_are_shared_per_distinct_nameserver_list()
    {
        await using var dns = await DnsmasqServer.StartAsync(Records().Host("a.eps.test", 30, "192.0.2.1").Host("b.eps.test", 30, "192.0.2.2"));
        var factory = new CountingLookupClientFactory();
        var source = new DnsSource(time, NullLogger<DnsSource>.Instance, factory);

        await source.ResolveAsync(Service(dns, "a.eps.test"), CancellationToken.None);
        await source.ResolveAsync(Service(dns, "b.eps.test") with { Name = "other" }, CancellationToken.None);
        await source.ResolveAsync(Service(dns, "b.eps.test", adjust: static spec => spec with { Nameservers = [.. spec.Nameservers, Nameserver.Parse("127.0.0.1:1")] }) with { Name = "third" }, CancellationToken.None);

        Assert.Equal(2, factory.Created);
    }

    private sealed class CountingLookupClientFactory : ILookupClientFactory
    {
        private readonly LookupClientFactory inner = new();

        public int Created { get; private set; }

        public DnsClient.ILookupClient Create(DnsLookupSettings settings)
        {
            Created++;
            return inner.Create(settings);
        }
    }
}
