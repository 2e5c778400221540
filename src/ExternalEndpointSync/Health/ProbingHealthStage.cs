using System.Collections.Concurrent;
using System.Threading.Channels;
using ExternalEndpointSync.Health.Probes;
using ExternalEndpointSync.Model;
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
    private readonly ConcurrentDictionary<Task, byte> _scheduledInFlight = new();
    private readonly CoalescingChangeChannel _transitions = new();
    private readonly ProbeExecutor _executor;
    private readonly ProbingHealthOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _inFlight;

    public ProbingHealthStage(IEnumerable<IHealthProbe> probes, ProbingHealthOptions options, TimeProvider timeProvider, ILogger<ProbingHealthStage> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentProbes, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Jitter, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Jitter, 1, nameof(options));
        _options = options;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _executor = new ProbeExecutor(probes, timeProvider);
        _inFlight = new SemaphoreSlim(options.MaxConcurrentProbes, options.MaxConcurrentProbes);
    }

    /// <summary>
    /// The registration of every address that became Healthy or Unhealthy, so the worker can
    /// re-plan it without waiting for the resync interval. Completed on dispose.
    /// </summary>
    public ChannelReader<ServiceKey> Transitions => _transitions.Reader;

    /// <summary>Raised after every probe result has been recorded (and, in continuous mode, the next probe scheduled).</summary>
    public event EventHandler<ProbeCompletedEventArgs>? ProbeCompleted;

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
                StartSchedule(monitored, monitor);
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

        await Task.WhenAll(_scheduledInFlight.Keys);
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
        var (result, state) = await ProbeAndRecordAsync(monitored, monitor, oneShot: true, cancellationToken);
        ProbeCompleted?.Invoke(this, new ProbeCompletedEventArgs(monitored.Key, monitor.Address, result, state));
    }

    private void StartSchedule(MonitoredService monitored, AddressMonitor monitor)
    {
        ProbeTimer timer;
        TimeSpan firstDelay;
        lock (monitored.Gate)
        {
            if (monitor.Stopped)
            {
                return;
            }

            timer = new ProbeTimer(
                _timeProvider,
                () => RunScheduledAsync(monitored, monitor),
                () => NextDelay(monitored),
                Track,
                e => HealthLog.ScheduledProbeFaulted(_logger, monitored.Key, monitor.Address, e.GetType().Name, e.Message));
            monitor.Timer = timer;
            firstDelay = Interval(monitored.Spec) * _options.Jitter * Random.Shared.NextDouble();
        }

        timer.Start(firstDelay);
    }

    /// <returns>Raises <see cref="ProbeCompleted"/> once the next probe is scheduled; null when the address vanished meanwhile.</returns>
    private async Task<Action?> RunScheduledAsync(MonitoredService monitored, AddressMonitor monitor)
    {
        try
        {
            var (result, state) = await ProbeAndRecordAsync(monitored, monitor, oneShot: false, monitor.Token);
            return () => ProbeCompleted?.Invoke(this, new ProbeCompletedEventArgs(monitored.Key, monitor.Address, result, state));
        }
        catch (OperationCanceledException) when (monitor.Token.IsCancellationRequested)
        {
            // The address vanished while its probe was in flight; its state is gone with it.
            return null;
        }
    }

    private TimeSpan NextDelay(MonitoredService monitored)
    {
        lock (monitored.Gate)
        {
            var spread = _options.Jitter * ((2 * Random.Shared.NextDouble()) - 1);
            return Interval(monitored.Spec) * (1 + spread);
        }
    }

    private static TimeSpan Interval(HealthCheckSpec spec) => spec.Interval < MinimumInterval ? MinimumInterval : spec.Interval;

    private async Task<(ProbeResult Result, HealthState State)> ProbeAndRecordAsync(MonitoredService monitored, AddressMonitor monitor, bool oneShot, CancellationToken cancellationToken)
    {
        HealthCheckSpec spec;
        lock (monitored.Gate)
        {
            spec = monitored.Spec;
        }

        var result = monitor.Target is null
            ? ProbeResult.Down(monitor.TargetError ?? "cannot be probed")
            : await RunLimitedAsync(monitor.Target, spec, cancellationToken);

        bool changed;
        HealthState state;
        string? previousWarning;
        lock (monitored.Gate)
        {
            if (monitor.Stopped)
            {
                return (result, monitor.Health.State);
            }

            previousWarning = monitor.Health.Warning;
            changed = oneShot
                ? monitor.Health.Record(result, 1, 1)
                : monitor.Health.Record(result, spec.HealthyThreshold, spec.UnhealthyThreshold);
            state = monitor.Health.State;
        }

        // Announced before logging, so that a failing log sink cannot swallow a transition.
        if (changed)
        {
            _transitions.Announce(monitored.Key);
        }

        Log(monitored.Key, monitor.Address, result, state, changed, previousWarning);

        return (result, state);
    }

    private async Task<ProbeResult> RunLimitedAsync(ProbeTarget target, HealthCheckSpec spec, CancellationToken cancellationToken)
    {
        await _inFlight.WaitAsync(cancellationToken);
        try
        {
            return await _executor.RunAsync(target, spec, cancellationToken);
        }
        finally
        {
            _inFlight.Release();
        }
    }

    private void Log(ServiceKey service, string address, ProbeResult result, HealthState state, bool changed, string? previousWarning)
    {
        if (!result.Succeeded)
        {
            HealthLog.ProbeFailed(_logger, service, address, result.Failure ?? "probe failed");
        }
        else if (result.Warning is not null && result.Warning != previousWarning)
        {
            HealthLog.ProbeWarning(_logger, service, address, result.Warning);
        }

        if (changed && state == HealthState.Healthy)
        {
            HealthLog.AddressHealthy(_logger, service, address);
        }
        else if (changed)
        {
            HealthLog.AddressUnhealthy(_logger, service, address, result.Failure ?? "probe failed");
        }
    }

    private void Track(Task scheduled)
    {
        _scheduledInFlight.TryAdd(scheduled, 0);
        scheduled.ContinueWith(static (done, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(done, out _), _scheduledInFlight, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
