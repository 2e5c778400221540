using System.Threading.Channels;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Health.Probes;
using ExternalEndpointSync.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static ExternalEndpointSync.Tests.Health.StageFixtures;

namespace ExternalEndpointSync.Tests.Health;

/// <summary>
/// The probe schedule cannot die silently nor race itself: a probe that hangs, throws or whose
/// bookkeeping throws is still followed by the next one, a slow probe never overlaps itself nor
/// pushes the schedule back, and disposing while a probe runs ends cleanly. Everything runs on a fake clock with scripted probes.
/// </summary>
public sealed class ProbeScheduleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static HealthCheckSpec Check(TimeSpan? timeout = null) => new()
    {
        Type = HealthCheckType.Tcp,
        Interval = Interval,
        Timeout = timeout ?? TimeSpan.FromSeconds(2),
        HealthyThreshold = 1,
        UnhealthyThreshold = 1,
        Panic = false,
    };

    [Fact]
    public async Task A_probe_that_ignores_its_timeout_is_abandoned_reported_unhealthy_and_rescheduled()
    {
        var probe = new GatedProbe { IgnoresCancellation = true };
        await using var harness = new ContinuousHarness([probe]);
        var service = Service(Check());
        await harness.EvaluateAsync(service, Endpoint("192.0.2.1", 1));
        await probe.StartedAsync();

        var timedOut = Assert.Single(await harness.RoundAsync(TimeSpan.FromSeconds(2) + ProbeExecutor.AbandonGrace, 1));
        probe.AnswerNextWith(ProbeResult.Up());
        var next = Assert.Single(await harness.RoundAsync(Interval, 1));

        Assert.False(timedOut.Result.Succeeded);
        Assert.Equal("timed out after 2s", timedOut.Result.Failure);
        Assert.Equal(HealthState.Unhealthy, timedOut.State);
        Assert.True(next.Result.Succeeded);
        Assert.Equal(2, probe.Calls);
    }

    [Fact]
    public async Task A_probe_that_throws_is_reported_unhealthy_and_keeps_its_schedule()
    {
        var probe = new GatedProbe { Throws = true };
        await using var harness = new ContinuousHarness([probe]);
        var service = Service(Check());
        await harness.EvaluateAsync(service, Endpoint("192.0.2.1", 1));

        var rounds = new List<ProbeRound> { Assert.Single(await harness.CompletedAsync(1)) };
        for (var round = 0; round < 3; round++)
        {
            rounds.Add(Assert.Single(await harness.RoundAsync(Interval, 1)));
        }

        Assert.All(rounds, r => Assert.Equal("scripted probe exploded", r.Result.Failure));
        Assert.All(rounds, r => Assert.Equal(HealthState.Unhealthy, r.State));
        Assert.Equal(4, probe.Calls);
    }

    [Fact]
    public async Task A_fault_after_the_probe_in_the_stage_itself_is_reported_and_the_next_probe_still_runs()
    {
        var time = new FakeTimeProvider();
        var logger = new FaultyLogger();
        var probe = new GatedProbe { Answer = ProbeResult.Down("connect failed: ConnectionRefused") };
        await using var stage = new ProbingHealthStage([probe], new ProbingHealthOptions { Mode = ProbingMode.Continuous, Jitter = 0 }, time, logger);
        var service = Service(Check());

        await stage.EvaluateAsync(service, [Endpoint("192.0.2.1", 1)], CancellationToken.None);
        var firstFault = await logger.NextFaultAsync();
        time.Advance(Interval);
        var secondFault = await logger.NextFaultAsync();
        var outcome = await stage.EvaluateAsync(service, [Endpoint("192.0.2.1", 1)], CancellationToken.None);

        Assert.Contains("log sink is broken", firstFault, StringComparison.Ordinal);
        Assert.Contains("log sink is broken", secondFault, StringComparison.Ordinal);
        Assert.Equal(2, probe.Calls);
        Assert.Equal(1, outcome.Report.Unhealthy);
        Assert.True(stage.Transitions.TryRead(out var transition));
        Assert.Equal(service.Key, transition);
    }

    [Fact]
    public async Task A_probe_slower_than_its_interval_never_overlaps_itself()
    {
        var probe = new GatedProbe { Blocks = true };
        await using var harness = new ContinuousHarness([probe]);
        var service = Service(Check(timeout: TimeSpan.FromMinutes(5)));
        await harness.EvaluateAsync(service, Endpoint("192.0.2.1", 1));
        await probe.StartedAsync();

        for (var round = 0; round < 5; round++)
        {
            harness.Time.Advance(Interval);
        }

        var callsWhileSlow = probe.Calls;
        probe.Release(ProbeResult.Up());
        await harness.CompletedAsync(1);
        probe.Blocks = false;
        await harness.RoundAsync(Interval, 1);

        Assert.Equal(1, callsWhileSlow);
        Assert.Equal(1, probe.Peak);
        Assert.Equal(2, probe.Calls);
    }

    [Fact]
    public async Task The_next_probe_is_due_one_interval_after_the_last_was_due_however_long_that_one_took()
    {
        var probe = new GatedProbe { Blocks = true };
        await using var harness = new ContinuousHarness([probe]);
        await harness.EvaluateAsync(Service(Check()), Endpoint("192.0.2.1", 1));
        await probe.StartedAsync();

        harness.Time.Advance(Interval * 0.3);
        probe.Release(ProbeResult.Up());
        await harness.CompletedAsync(1);
        probe.Blocks = false;
        harness.Time.Advance(Interval * 0.7);
        await harness.CompletedAsync(1);
        var afterOneInterval = probe.Calls;
        await harness.RoundAsync(Interval, 1);

        Assert.Equal(2, afterOneInterval);
        Assert.Equal(3, probe.Calls);
    }

    [Fact]
    public async Task Disposing_while_a_probe_ignores_cancellation_ends_cleanly_and_nothing_runs_afterwards()
    {
        var time = new FakeTimeProvider();
        var probe = new GatedProbe { IgnoresCancellation = true };
        var completed = 0;
        var stage = new ProbingHealthStage([probe], new ProbingHealthOptions { Mode = ProbingMode.Continuous, Jitter = 0 }, time, NullLogger<ProbingHealthStage>.Instance, _ => Interlocked.Increment(ref completed));
        await stage.EvaluateAsync(Service(Check(timeout: TimeSpan.FromMinutes(5))), [Endpoint("192.0.2.1", 1)], CancellationToken.None);
        await probe.StartedAsync();

        await stage.DisposeAsync().AsTask().WaitAsync(Patience);
        for (var round = 0; round < 3; round++)
        {
            time.Advance(Interval);
        }

        Assert.Equal(1, probe.Calls);
        Assert.Equal(0, Volatile.Read(ref completed));
        Assert.True(stage.Transitions.Completion.IsCompleted);
    }

    /// <summary>A TCP probe the test scripts: it answers, throws, blocks until released, or hangs ignoring its token.</summary>
    private sealed class GatedProbe : IHealthProbe
    {
        private readonly Channel<int> _started = Channel.CreateUnbounded<int>();
        private readonly Lock _gate = new();
        private TaskCompletionSource<ProbeResult> _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private ProbeResult? _nextAnswer;
        private int _running;
        private int _peak;
        private int _calls;

        public bool IgnoresCancellation { get; set; }

        public bool Throws { get; set; }

        public bool Blocks { get; set; }

        public ProbeResult Answer { get; set; } = ProbeResult.Up();

        public HealthCheckType Type => HealthCheckType.Tcp;

        public int Calls => Volatile.Read(ref _calls);

        public int Peak => Volatile.Read(ref _peak);

        public void AnswerNextWith(ProbeResult result)
        {
            lock (_gate)
            {
                _nextAnswer = result;
            }
        }

        public void Release(ProbeResult result) => _release.TrySetResult(result);

        public async Task StartedAsync() => await _started.Reader.ReadAsync(new CancellationTokenSource(Patience).Token);

        public async Task<ProbeResult> ProbeAsync(ProbeTarget target, HealthCheckSpec spec, CancellationToken cancellationToken)
        {
            var running = Interlocked.Increment(ref _running);
            Interlocked.Increment(ref _calls);
            lock (_gate)
            {
                _peak = Math.Max(_peak, running);
            }

            try
            {
                _started.Writer.TryWrite(running);
                ProbeResult? scripted;
                lock (_gate)
                {
                    scripted = _nextAnswer;
                    _nextAnswer = null;
                }

                if (scripted is not null)
                {
                    return scripted;
                }

                if (Throws)
                {
                    throw new InvalidOperationException("scripted probe exploded");
                }

                if (IgnoresCancellation)
                {
                    return await new TaskCompletionSource<ProbeResult>().Task;
                }

                if (Blocks)
                {
                    var result = await _release.Task.WaitAsync(cancellationToken);
                    _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    return result;
                }

                return Answer;
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }
    }

    /// <summary>A log sink that throws on every probe-failure message and records the stage's fault reports.</summary>
    private sealed class FaultyLogger : ILogger<ProbingHealthStage>
    {
        private readonly Channel<string> _faults = Channel.CreateUnbounded<string>();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 3006)
            {
                throw new IOException("log sink is broken");
            }

            if (eventId.Id == 3007)
            {
                _faults.Writer.TryWrite(formatter(state, exception));
            }
        }

        public async Task<string> NextFaultAsync() => await _faults.Reader.ReadAsync(new CancellationTokenSource(Patience).Token);
    }
}
