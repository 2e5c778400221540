using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Tests.Registrations.Policy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace ExternalEndpointSync.Tests.Cluster;

/// <summary>The cluster facts are read at most once per <see cref="ClusterFactsCache.MaxAge"/>, and a failed read keeps the last good ones.</summary>
public sealed class ClusterFactsCacheTests
{
    private static readonly ClusterFacts Facts = new() { PodCidrs = [CidrNotation.Parse("10.244.0.0/16")] };

    [Fact]
    public async Task Facts_are_read_again_only_once_they_are_older_than_the_maximum_age()
    {
        var time = new FakeTimeProvider();
        var source = new FixedClusterFacts(Facts);
        using var cache = new ClusterFactsCache(source, time, NullLogger<ClusterFactsCache>.Instance);

        await cache.ReadAsync(CancellationToken.None);
        time.Advance(ClusterFactsCache.MaxAge - TimeSpan.FromSeconds(1));
        await cache.ReadAsync(CancellationToken.None);
        Assert.Equal(1, source.Reads);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(Facts, await cache.ReadAsync(CancellationToken.None));
        Assert.Equal(2, source.Reads);
    }

    [Fact]
    public async Task A_failed_read_keeps_the_last_good_facts_and_without_any_fails()
    {
        var time = new FakeTimeProvider();
        var source = new FixedClusterFacts(Facts) { Failure = new HttpRequestException("connection refused") };
        using var cache = new ClusterFactsCache(source, time, NullLogger<ClusterFactsCache>.Instance);

        await Assert.ThrowsAsync<HttpRequestException>(() => cache.ReadAsync(CancellationToken.None));
        source.Failure = null;
        await cache.ReadAsync(CancellationToken.None);
        source.Failure = new HttpRequestException("connection refused");
        time.Advance(ClusterFactsCache.MaxAge);

        Assert.Equal(Facts, await cache.ReadAsync(CancellationToken.None));
        Assert.Equal(3, source.Reads);
    }
}
