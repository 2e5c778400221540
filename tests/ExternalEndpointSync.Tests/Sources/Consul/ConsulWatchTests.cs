using System.Diagnostics;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.Sources.Consul;
using ExternalEndpointSync.TestSupport.Consul;
using ExternalEndpointSync.TestSupport.Time;
using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Abstractions;

namespace ExternalEndpointSync.Tests.Sources.Consul;

/// <summary>Watchers with real blocking queries against the Consul double; retry backoff runs on fake time.</summary>
public sealed class ConsulWatchTests : IAsyncLifetime
{
    private const string HealthPath = "/v1/health/service/redis";

    private readonly ITestOutputHelper _output;
    private readonly TimerSignallingTimeProvider _time = new();
    private readonly LogCapture _logs = new();
    private readonly ExternalServiceSpec _registration = ConsulTestKit.Registration(new ConsulSourceSpec { Service = "redis" });
    private ConsulDouble _consul = null!;
    private ConsulSource _source = null!;
    private ConsulClient _client = null!;

    public ConsulWatchTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync()
    {
        _consul = await ConsulDouble.StartAsync();
        _consul.Register("redis", Instance("a", "10.1.0.1"));
        (_source, _client) = ConsulTestKit.CreateSource(ConsulTestKit.Settings(_consul, TimeSpan.FromSeconds(1)), _logs.CreateLogger<ConsulSource>(), _time);
    }

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        _client.Dispose();
        await _consul.DisposeAsync();
    }

    [Fact]
    public async Task A_change_releases_the_blocked_query_and_is_announced()
    {
        await StartAndReadFirstAnswerAsync();
        await _consul.WaitUntilHeldAsync("redis", _consul.IndexOf("redis"), ConsulTestKit.Timeout());

        var clock = Stopwatch.StartNew();
        _consul.Register("redis", Instance("b", "10.1.0.2"));
        var changed = await _source.Changes.ReadAsync(ConsulTestKit.Timeout());
        clock.Stop();
        _output.WriteLine($"change-to-notification latency: {clock.Elapsed.TotalMilliseconds:0.0} ms");

        Assert.Equal(_registration.Key, changed);
        var requestsBefore = _consul.RequestCount(HealthPath);
        var answer = await _source.ResolveAsync(_registration, ConsulTestKit.Timeout());
        Assert.Equal(["10.1.0.1", "10.1.0.2"], answer.Endpoints!.Select(e => e.Address));
        Assert.Equal(requestsBefore, _consul.RequestCount(HealthPath));
        var delivering = _consul.Requests.Last(r => r.Path == HealthPath && r.AnsweredIndex == _consul.IndexOf("redis"));
        Assert.True(delivering.Blocking && !delivering.WaitElapsed, "the change must arrive through a blocking query released early");
    }

    [Fact]
    public async Task A_health_change_is_announced_with_the_new_readiness()
    {
        await StartAndReadFirstAnswerAsync();

        _consul.SetCheckStatus("redis", "a", "critical");
        await _source.Changes.ReadAsync(ConsulTestKit.Timeout());

        var answer = await _source.ResolveAsync(_registration, ConsulTestKit.Timeout());
        Assert.False(Assert.Single(answer.Endpoints!).SourceReady);
    }

    [Fact]
    public async Task Nothing_changing_means_one_held_query_per_wait_and_no_announcements()
    {
        await StartAndReadFirstAnswerAsync();

        await _consul.WaitForRequestCountAsync(HealthPath, 4, ConsulTestKit.Timeout());

        var requests = _consul.Requests.Where(r => r.Path == HealthPath).ToList();
        _output.WriteLine($"{requests.Count} requests: " + string.Join(", ", requests.Select(r => $"index={r.Single("index")} waitElapsed={r.WaitElapsed}")));
        Assert.False(requests[0].Blocking);
        Assert.All(requests.Skip(1), r => Assert.True(r.Blocking && r.WaitElapsed && r.Single("wait") == "1s", "every later query must be held for its whole wait"));
        Assert.False(_source.Changes.TryRead(out _));
    }

    [Fact]
    public async Task A_new_index_with_the_same_answer_is_not_announced()
    {
        await StartAndReadFirstAnswerAsync();
        var moved = _consul.IndexOf("redis") + 10;

        _consul.SetIndex("redis", moved);
        await _consul.WaitUntilHeldAsync("redis", moved, ConsulTestKit.Timeout());

        Assert.False(_source.Changes.TryRead(out _));
    }

    [Fact]
    public async Task An_index_going_backwards_resets_to_a_full_fetch_then_blocks_on_the_new_index()
    {
        await StartAndReadFirstAnswerAsync();
        _consul.SetIndex("redis", 100);
        await _consul.WaitUntilHeldAsync("redis", 100, ConsulTestKit.Timeout());

        _consul.SetIndex("redis", 7);
        await _consul.WaitUntilHeldAsync("redis", 7, ConsulTestKit.Timeout());

        var requests = _consul.Requests.Where(r => r.Path == HealthPath).ToList();
        var backwards = requests.FindIndex(r => r.Single("index") == "100" && r.AnsweredIndex == 7);
        Assert.True(backwards >= 0, "the held query must have been answered with the lower index");
        Assert.False(requests[backwards + 1].Has("index"), "after the index went backwards the next query must be a full fetch");
        Assert.False(_source.Changes.TryRead(out _));
    }

    [Fact]
    public async Task Server_errors_keep_the_last_good_endpoints_report_the_error_and_recover_after_backoff()
    {
        await StartAndReadFirstAnswerAsync();
        await _consul.WaitUntilHeldAsync("redis", _consul.IndexOf("redis"), ConsulTestKit.Timeout());
        _consul.Faults.Fail(500, "rpc error making call: No cluster leader");
        _consul.Register("redis", Instance("b", "10.1.0.2"));
        await _source.Changes.ReadAsync(ConsulTestKit.Timeout());

        await _source.Changes.ReadAsync(ConsulTestKit.Timeout());
        var failing = await _source.ResolveAsync(_registration, ConsulTestKit.Timeout());
        Assert.Equal(["10.1.0.1", "10.1.0.2"], failing.Endpoints!.Select(e => e.Address));
        Assert.Contains("No cluster leader", failing.Error, StringComparison.Ordinal);
        Assert.False(failing.IsConfigurationError);

        await _time.AdvancePastNextTimerAsync(ConsulTestKit.Timeout());
        await _consul.WaitForRequestsAsync(r => r.StatusCode == 500, 2, ConsulTestKit.Timeout());
        _consul.Faults.Clear();
        await _time.AdvancePastNextTimerAsync(ConsulTestKit.Timeout());
        await _source.Changes.ReadAsync(ConsulTestKit.Timeout());

        var recovered = await _source.ResolveAsync(_registration, ConsulTestKit.Timeout());
        Assert.Null(recovered.Error);
        Assert.Equal(["10.1.0.1", "10.1.0.2"], recovered.Endpoints!.Select(e => e.Address));
        Assert.Equal(2, _consul.Requests.Count(r => r.StatusCode == 500));
        Assert.Equal([LogLevel.Warning, LogLevel.Debug], _logs.Entries.Where(e => e.EventId.Id == 3104).Select(e => e.Level));
        Assert.All(_consul.Requests.SkipWhile(r => r.StatusCode != 500).Skip(1).Take(2), r => Assert.False(r.Has("index"), "a retry reads afresh without blocking"));
    }

    [Fact]
    public async Task Rate_limiting_is_retried_after_a_jittered_backoff_and_no_request_is_made_until_the_delay_passes()
    {
        await StartAndReadFirstAnswerAsync();
        await _consul.WaitUntilHeldAsync("redis", _consul.IndexOf("redis"), ConsulTestKit.Timeout());
        _consul.Faults.Fail(429, "rate limit exceeded", count: 4);
        _consul.Register("redis", Instance("b", "10.1.0.2"));
        await _source.Changes.ReadAsync(ConsulTestKit.Timeout());

        var delays = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var due = await _time.Timers.ReadAsync(ConsulTestKit.Timeout());
            delays.Add(due);
            Assert.Equal(attempt, _consul.Requests.Count(r => r.StatusCode == 429));
            _time.Fake.Advance(due - TimeSpan.FromMilliseconds(1));
            Assert.Equal(attempt, _consul.Requests.Count(r => r.StatusCode == 429));
            _time.Fake.Advance(TimeSpan.FromMilliseconds(1));
        }

        await _consul.WaitUntilHeldAsync("redis", _consul.IndexOf("redis"), ConsulTestKit.Timeout());
        _output.WriteLine("backoff delays: " + string.Join(", ", delays.Select(d => $"{d.TotalMilliseconds:0} ms")));
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromMilliseconds(1), ConsulTestKit.FastOptions.MaxBackoffDelay));
        var answer = await _source.ResolveAsync(_registration, ConsulTestKit.Timeout());
        Assert.Null(answer.Error);
    }

    [Fact]
    public async Task Consul_going_away_keeps_the_last_good_endpoints_and_reports_it_unreachable()
    {
        await StartAndReadFirstAnswerAsync();

        await _consul.StopAsync();
        await _source.Changes.ReadAsync(ConsulTestKit.Timeout());

        var answer = await _source.ResolveAsync(_registration, ConsulTestKit.Timeout());
        Assert.Equal(["10.1.0.1"], answer.Endpoints!.Select(e => e.Address));
        Assert.NotNull(answer.Error);
        Assert.False(answer.IsConfigurationError);
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 3104);
    }

    [Fact]
    public async Task Resolving_a_watched_service_before_its_first_answer_waits_for_it()
    {
        _source.StartWatching(_registration);

        var answer = await _source.ResolveAsync(_registration, ConsulTestKit.Timeout());

        Assert.Equal(["10.1.0.1"], answer.Endpoints!.Select(e => e.Address));
    }

    [Fact]
    public async Task Forget_stops_the_watch_and_cuts_the_held_query()
    {
        await StartAndReadFirstAnswerAsync();
        await _consul.WaitUntilHeldAsync("redis", _consul.IndexOf("redis"), ConsulTestKit.Timeout());

        _source.Forget(_registration.Key);
        await _consul.WaitForRequestAsync(r => r.Aborted, ConsulTestKit.Timeout());
        _consul.Register("redis", Instance("b", "10.1.0.2"));

        Assert.False(_source.Changes.TryRead(out _));
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 3102);
    }

    [Fact]
    public async Task Watching_again_with_a_changed_source_restarts_the_watch()
    {
        _consul.Register("redis", Instance("p", "10.1.0.9", tags: ["primary"]));
        await StartAndReadFirstAnswerAsync();

        _source.StartWatching(_registration with { Source = new ConsulSourceSpec { Service = "redis", Tags = ["primary"] } });
        await _source.Changes.ReadAsync(ConsulTestKit.Timeout());

        var answer = await _source.ResolveAsync(_registration with { Source = new ConsulSourceSpec { Service = "redis", Tags = ["primary"] } }, ConsulTestKit.Timeout());
        Assert.Equal(["10.1.0.9"], answer.Endpoints!.Select(e => e.Address));
    }

    [Fact]
    public async Task A_watched_instance_whose_hostname_stops_resolving_keeps_the_whole_last_good_answer_until_it_resolves_again()
    {
        var resolves = true;
        Task<IReadOnlyList<System.Net.IPAddress>> Resolve(string host, CancellationToken cancellationToken) =>
            Volatile.Read(ref resolves)
                ? Task.FromResult<IReadOnlyList<System.Net.IPAddress>>([System.Net.IPAddress.Parse("10.2.0.1")])
                : throw new TimeoutException("timed out against consul.nameservers");
        var (source, client) = ConsulTestKit.CreateSource(ConsulTestKit.Settings(_consul, TimeSpan.FromSeconds(1)), _logs.CreateLogger<ConsulSource>(), _time, Resolve);
        await using var _ = source;
        using var __ = client;
        _consul.Register("redis", Instance("a", "10.1.0.1"), Instance("h", "redis-h.consul.test"));
        source.StartWatching(_registration);
        await source.Changes.ReadAsync(ConsulTestKit.Timeout());
        var good = await source.ResolveAsync(_registration, ConsulTestKit.Timeout());
        await _consul.WaitUntilHeldAsync("redis", _consul.IndexOf("redis"), ConsulTestKit.Timeout());

        Volatile.Write(ref resolves, false);
        _consul.Register("redis", Instance("a", "10.1.0.1"), Instance("h", "redis-h.consul.test"), Instance("c", "10.1.0.3"));
        await source.Changes.ReadAsync(ConsulTestKit.Timeout());
        var failed = await source.ResolveAsync(_registration, ConsulTestKit.Timeout());
        Volatile.Write(ref resolves, true);
        await _time.AdvancePastNextTimerAsync(ConsulTestKit.Timeout());
        await source.Changes.ReadAsync(ConsulTestKit.Timeout());
        var recovered = await source.ResolveAsync(_registration, ConsulTestKit.Timeout());

        Assert.Equal(["10.1.0.1", "10.2.0.1"], good.Endpoints!.Select(e => e.Address));
        Assert.Equal(good.Endpoints!, failed.Endpoints!);
        Assert.Contains("redis-h.consul.test did not resolve: timed out", failed.Error, StringComparison.Ordinal);
        Assert.Null(recovered.Error);
        Assert.Equal(["10.1.0.1", "10.1.0.3", "10.2.0.1"], recovered.Endpoints!.Select(e => e.Address));
    }

    private async Task StartAndReadFirstAnswerAsync()
    {
        _source.StartWatching(_registration);
        Assert.Equal(_registration.Key, await _source.Changes.ReadAsync(ConsulTestKit.Timeout()));
    }

    private static ConsulDoubleInstance Instance(string id, string address, IReadOnlyList<string>? tags = null) =>
        new() { Id = id, Address = address, Port = 6379, Tags = tags ?? [] };
}
