using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.Sources.Consul;
using ExternalEndpointSync.Sources.Dns;
using ExternalEndpointSync.TestSupport.Consul;
using ExternalEndpointSync.TestSupport.Dns;
using ExternalEndpointSync.Tests.Sources.Consul;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace ExternalEndpointSync.Tests.Sources;

/// <summary>
/// What the long-running loop retains stays bounded under a simulated day of churn: hostnames of
/// Consul instances, watchers of changed registrations, and announced changes nobody read yet.
/// </summary>
public sealed class ChurnRetentionTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(5);
    private static readonly int StepsPerDay = (int)(TimeSpan.FromDays(1) / Step);

    [Fact]
    public async Task Hostnames_of_instances_that_came_and_went_during_a_day_are_forgotten()
    {
        await using var dnsmasq = await DnsmasqServer.StartAsync(new DnsmasqRecords().LocalDomain("churn.test").Add("address=/churn.test/192.0.2.1"));
        var time = new FakeTimeProvider();
        var resolver = new DnsHostResolver([Nameserver.Parse(dnsmasq.Nameserver)], new LookupClientFactory(), time);
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var peak = 0;

        for (var step = 0; step < StepsPerDay; step++)
        {
            foreach (var host in new[] { "stable.churn.test", $"a{step}.churn.test", $"b{step}.churn.test" })
            {
                Assert.NotEmpty(await resolver.ResolveAsync(host, patience.Token));
            }

            peak = Math.Max(peak, Math.Max(resolver.Retained.Hosts, resolver.Retained.Answers));
            time.Advance(Step);
        }

        // Hostnames asked for within the retention and one sweep period: 2 per step, plus the stable one.
        var bound = (2 * (int)((DnsHostResolver.Retention + (DnsHostResolver.Retention / 4)) / Step + 1)) + 1;
        Assert.InRange(peak, 3, bound);
        Assert.True(bound < StepsPerDay * 2 / 10, $"bound {bound} is not meaningfully below the {StepsPerDay * 2} hostnames of the day");
        Assert.Contains(await resolver.ResolveAsync("stable.churn.test", patience.Token), a => a.ToString() == "192.0.2.1");
    }

    [Fact]
    public async Task Watchers_replaced_or_forgotten_during_a_day_are_released_and_unread_changes_stay_one_per_registration()
    {
        await using var consul = await ConsulDouble.StartAsync();
        var (source, client) = ConsulTestKit.CreateSource(ConsulTestKit.Settings(consul));
        await using var _ = source;
        using var __ = client;
        const int Registrations = 8;
        var peakRetiring = 0;
        var peakDepth = 0;

        for (var step = 0; step < StepsPerDay; step++)
        {
            consul.Register("redis", new ConsulDoubleInstance { Id = $"i{step}", Address = $"10.1.{step % 250}.{(step / 250) + 1}", Port = 6379 });
            var name = $"svc{step % Registrations}";
            if (step % 3 == 0)
            {
                source.Forget(new ServiceKey("apps", name));
            }
            else
            {
                // A changed tag list restarts the watcher: the old one is retired.
                source.StartWatching(ConsulTestKit.Registration(new ConsulSourceSpec { Service = "redis", Tags = step / Registrations % 2 == 0 ? [] : ["t"] }, name));
            }

            peakRetiring = Math.Max(peakRetiring, source.WatcherCounts.Retiring);
            peakDepth = Math.Max(peakDepth, source.Changes.Count);
        }

        Assert.InRange(source.WatcherCounts.Watchers, 0, Registrations);
        Assert.InRange(peakDepth, 0, Registrations);
        // Retired watchers only wind down their HTTP request, and are not kept once done.
        Assert.True(peakRetiring > 0, "the churn retired no watcher");
        await source.WhenRetiredAsync().WaitAsync(ConsulTestKit.Patience);
        Assert.Equal(0, source.WatcherCounts.Retiring);
    }

    [Fact]
    public void A_coalescing_channel_holds_each_registration_at_most_once_and_loses_none()
    {
        var channel = new CoalescingChangeChannel();
        var keys = Enumerable.Range(0, 50).Select(i => new ServiceKey("apps", $"s{i}")).ToList();

        for (var round = 0; round < 2_000; round++)
        {
            channel.Announce(keys[round % keys.Count]);
        }

        Assert.Equal(keys.Count, channel.Depth);
        Assert.Equal(keys.Count, channel.Reader.Count);
        var read = new List<ServiceKey>();
        while (channel.Reader.TryRead(out var key))
        {
            read.Add(key);
        }

        Assert.Equal(keys, read);
        channel.Announce(keys[0]);
        Assert.True(channel.Reader.TryPeek(out var again));
        Assert.Equal(keys[0], again);
    }
}
