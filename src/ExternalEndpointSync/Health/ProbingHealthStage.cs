using System.Collections.Concurrent;
using System.Threading.Channels;
using ExternalEndpointSync.Health.Probes;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Reporting.Metrics;
using ExternalEndpointSync.Sources;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Health;

/// <summary>
/// The health stage with probes. Registrations with <c>type: none</c> go through
/// <see cref="SourceHealthStage"/>. For the others every endpoint has a rise/fall state
/// (<see cref="AddressHealth"/>) fed by probes, and <see cref="HealthPublication"/> turns the
/// states into what is published. In <see cref="ProbingMode.OneShot"/> each evaluation probes
/// every address once, now; in <see cref="ProbingMode.Continuous"/> a timer per address probes it
/// every interval and evaluations only read. Either way at most
/// <see cref="ProbingHealthOptions.MaxConcurrentProbes"/> probes run at once.
/// </summary>
public sealed class ProbingHealthStage : IHealthStage, IAsyncDisposable
{
    /// <summary>The shortest interval the schedule uses, so a zero interval cannot turn into a busy loop.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    private readonly SourceHealthStage _unchecked = new();
    private readonly ConcurrentDictionary<ServiceKey, MonitoredService> _services = new();
    private readonly InFlightProbes _scheduledInFlight = new();
    private readonly CoalescingChangeChannel _transitions = new();
    private readonly ProbingHealthOptions _options;
    private readonly ILogger _logger;
    private readonly ProbeRecorder _recorder;
    private readonly ContinuousProbing _continuous;
    private readonly SemaphoreSlim _inFlight;
    private readonly Action<ProbeRound> _recorded;

    public ProbingHealthStage(
        IEnumerable<IHealthProbe> probes, ProbingHealthOptions options, TimeProvider timeProvider, ILogger<ProbingHealthStage> logger, SyncMetrics? metrics = null)
        : this(probes, options, timeProvider, logger, static _ => { }, metrics)
    {
    }

    /// <param name="recorded">
    /// Told of every probe once its result is recorded and its next probe scheduled. The pipeline
    /// needs none (transitions reach it through <see cref="Transitions"/>); it is how tests wait
    /// for probe rounds on a fake clock instead of sleeping.
    /// </param>
    internal ProbingHealthStage(
        IEnumerable<IHealthProbe> probes, ProbingHealthOptions options, TimeProvider timeProvider, ILogger<ProbingHealthStage> logger, Action<ProbeRound> recorded, SyncMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentProbes, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Jitter, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Jitter, 1, nameof(options));
        ArgumentNullException.ThrowIfNull(timeProvider);
        _recorded = recorded ?? throw new ArgumentNullException(nameof(recorded));
        _options = options;
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _inFlight = new SemaphoreSlim(options.MaxConcurrentProbes, options.MaxConcurrentProbes);
        _recorder = new ProbeRecorder(new ProbeExecutor(probes, timeProvider), _inFlight, _transitions, timeProvider, metrics, logger);
        _continuous = new ContinuousProbing(_recorder, options.Jitter, timeProvider, _scheduledInFlight, recorded, logger);
    }

    /// <summary>
    /// The registration of every address that became Healthy or Unhealthy, so the worker can
    /// re-plan it without waiting for the resync interval. Completed on dispose.
    /// </summary>
    public ChannelReader<ServiceKey> Transitions => _transitions.Reader;

    public async Task<HealthOutcome> EvaluateAsync(ExternalServiceSpec service, IReadOnlyList<ResolvedEndpoint> endpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(endpoints);
        if (service.HealthCheck.Type == HealthCheckType.None)
        {
            Forget(service.Key);
            return await _unchecked.EvaluateAsync(service, endpoints, cancellationToken);
        }

        var monitored = _services.GetOrAdd(service.Key, static (key, spec) => new MonitoredService(key, spec), service.HealthCheck);
        var (byEndpoint, created) = monitored.Update(service, endpoints);
        if (_options.Mode == ProbingMode.OneShot)
        {
            await Task.WhenAll(byEndpoint.Distinct().Select(monitor => ProbeOnceAsync(monitored, monitor, cancellationToken)));
        }
        else
        {
            foreach (var monitor in created)
            {
                _continuous.Start(monitored, monitor);
            }
        }

        return Publish(monitored, endpoints, byEndpoint);
    }

    public void Forget(ServiceKey service)
    {
        if (_services.TryRemove(service, out var monitored))
        {
            monitored.StopAll();
        }
    }

    /// <summary>Stops every schedule, cancels the probes in flight and waits for them to end.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var key in _services.Keys)
        {
            Forget(key);
        }

        await _scheduledInFlight.WhenAllEndedAsync();
        _transitions.Complete();
    }

    private HealthOutcome Publish(MonitoredService monitored, IReadOnlyList<ResolvedEndpoint> endpoints, IReadOnlyList<AddressMonitor> byEndpoint)
    {
        HealthOutcome outcome;
        bool panicChanged;
        lock (monitored.Gate)
        {
            var statuses = endpoints
                .Select((endpoint, i) => new AddressStatus(endpoint, byEndpoint[i].Health.State, byEndpoint[i].Health.LastFailure, byEndpoint[i].Health.Warning))
                .ToList();
            outcome = HealthPublication.Publish(monitored.Spec, statuses);
            panicChanged = monitored.Panicking != outcome.Report.Panicked;
            monitored.Panicking = outcome.Report.Panicked;
        }

        if (panicChanged && outcome.Report.Panicked)
        {
            HealthLog.Panicking(_logger, monitored.Key, outcome.Endpoints.Count);
        }
        else if (panicChanged)
        {
            HealthLog.PanicOver(_logger, monitored.Key);
        }

        return outcome;
    }

    private async Task ProbeOnceAsync(MonitoredService monitored, AddressMonitor monitor, CancellationToken cancellationToken)
    {
        var (result, state) = await _recorder.ProbeAndRecordAsync(monitored, monitor, oneShot: true, cancellationToken);
        _recorded(new ProbeRound(monitored.Key, monitor.Address, result, state));
    }
}
