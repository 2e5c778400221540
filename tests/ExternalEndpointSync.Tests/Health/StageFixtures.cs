using System.Threading.Channels;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Health.Probes;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ExternalEndpointSync.Tests.Health;

internal static class StageFixtures
{
    public static ExternalServiceSpec Service(HealthCheckSpec check, int port = 1) => new()
    {
        Name = "orders-db",
        Namespace = "payments",
        Ports = [new ServicePortSpec { Name = "main", Port = port }],
        Source = new StaticSourceSpec { Addresses = [] },
        HealthCheck = check,
    };

    public static ResolvedEndpoint Endpoint(string address, int port, bool? sourceReady = null) =>
        new() { Address = address, Port = port, SourceReady = sourceReady };

    public static ProbingHealthStage OneShot(int maxConcurrentProbes = 64, IEnumerable<IHealthProbe>? probes = null) =>
        new(probes ?? DefaultProbes.Create(TimeProvider.System), new ProbingHealthOptions { Mode = ProbingMode.OneShot, MaxConcurrentProbes = maxConcurrentProbes }, TimeProvider.System, NullLogger<ProbingHealthStage>.Instance);
}

/// <summary>
/// A continuous stage on a fake clock with no jitter, so a round is "advance by the interval";
/// each round is awaited through the stage's record of every probe, never by sleeping.
/// </summary>
internal sealed class ContinuousHarness : IAsyncDisposable
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);
    private readonly Channel<ProbeRound> _completed = Channel.CreateUnbounded<ProbeRound>();

    public ContinuousHarness(IEnumerable<IHealthProbe>? probes = null)
    {
        Stage = new ProbingHealthStage(
            probes ?? DefaultProbes.Create(Time),
            new ProbingHealthOptions { Mode = ProbingMode.Continuous, Jitter = 0 },
            Time,
            NullLogger<ProbingHealthStage>.Instance,
            round => _completed.Writer.TryWrite(round));
    }

    public FakeTimeProvider Time { get; } = new();

    public ProbingHealthStage Stage { get; }

    /// <summary>Evaluates, which starts schedules for new addresses; with no jitter their first probe is due at once.</summary>
    public async Task<HealthOutcome> EvaluateAsync(ExternalServiceSpec service, params ResolvedEndpoint[] endpoints) =>
        await Stage.EvaluateAsync(service, endpoints, CancellationToken.None);

    /// <summary>Waits for the next <paramref name="probes"/> probe results.</summary>
    public async Task<IReadOnlyList<ProbeRound>> CompletedAsync(int probes)
    {
        var results = new List<ProbeRound>();
        using var safety = new CancellationTokenSource(Safety);
        while (results.Count < probes)
        {
            results.Add(await _completed.Reader.ReadAsync(safety.Token));
        }

        return results;
    }

    /// <summary>Moves the clock by <paramref name="interval"/> and waits for the probes that fall due.</summary>
    public async Task<IReadOnlyList<ProbeRound>> RoundAsync(TimeSpan interval, int probes)
    {
        Time.Advance(interval);
        return await CompletedAsync(probes);
    }

    public IReadOnlyList<ServiceKey> DrainTransitions()
    {
        var keys = new List<ServiceKey>();
        while (Stage.Transitions.TryRead(out var key))
        {
            keys.Add(key);
        }

        return keys;
    }

    public async ValueTask DisposeAsync() => await Stage.DisposeAsync();
}

/// <summary>Wraps a probe and records how many of its probes ran at once.</summary>
internal sealed class ConcurrencyCountingProbe(IHealthProbe inner) : IHealthProbe
{
    private int _current;
    private int _peak;

    public HealthCheckType Type => inner.Type;

    public int Peak => Volatile.Read(ref _peak);

    public int Calls { get; private set; }

    public async Task<ProbeResult> ProbeAsync(ProbeTarget target, HealthCheckSpec spec, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _current);
        lock (this)
        {
            Calls++;
            _peak = Math.Max(_peak, now);
        }

        try
        {
            return await inner.ProbeAsync(target, spec, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _current);
        }
    }
}

/// <summary>
/// A TCP probe whose answer per port the test sets. For tests of the schedule and the state
/// machine: a real socket stopped and started again may have its port taken by a parallel test.
/// </summary>
internal sealed class ScriptedTcpProbe : IHealthProbe
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, bool> up = new();

    public HealthCheckType Type => HealthCheckType.Tcp;

    public void Set(int port, bool isUp) => up[port] = isUp;

    public Task<ProbeResult> ProbeAsync(ProbeTarget target, HealthCheckSpec spec, CancellationToken cancellationToken) =>
        Task.FromResult(up.GetValueOrDefault(target.Port) ? ProbeResult.Up() : ProbeResult.Down("connect failed: ConnectionRefused"));
}

