using ExternalEndpointSync.Model;
using ExternalEndpointSync.Reporting.Metrics;

namespace ExternalEndpointSync.Sync;

/// <summary>
/// "Service X needs a re-plan at time T", from everything that knows: health transitions and
/// source changes (now), answers coming due for refresh (a DNS TTL), retries with backoff, and
/// resyncs. Each service waits at most once, at its earliest time; the loop takes what is due.
/// Beside them waits at most one orphan sweep, which concerns no registration.
/// </summary>
public sealed class ReplanQueue : IDisposable
{
    private readonly TimeProvider timeProvider;
    private readonly SyncMetrics? metrics;
    private readonly IDisposable? observed;
    private readonly Lock _gate = new();
    private readonly Dictionary<ServiceKey, Entry> _pending = [];
    private TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _sweep;

    public ReplanQueue(TimeProvider timeProvider, SyncMetrics? metrics = null)
    {
        this.timeProvider = timeProvider;
        this.metrics = metrics;
        observed = metrics?.ObserveReplanQueue(() => Count);
    }

    /// <summary>How many services wait for a re-plan.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    public void RequestNow(ServiceKey service) => Request(service, timeProvider.GetUtcNow());

    /// <summary>Requests several at once, so that a reader cannot take some of them without the others.</summary>
    public void RequestNow(IEnumerable<ServiceKey> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var now = timeProvider.GetUtcNow();
        TaskCompletionSource requested;
        lock (_gate)
        {
            foreach (var service in services)
            {
                Add(service, new Entry(now, now));
            }

            requested = Renew();
        }

        requested.TrySetResult();
    }

    /// <summary>
    /// Asks for a re-plan at <paramref name="at"/>. With <paramref name="coalescing"/> the reader
    /// wakes only that much later, so that services due close together are re-planned together.
    /// </summary>
    public void Request(ServiceKey service, DateTimeOffset at, TimeSpan coalescing = default)
    {
        TaskCompletionSource requested;
        lock (_gate)
        {
            Add(service, new Entry(at, at + coalescing));
            requested = Renew();
        }

        requested.TrySetResult();
    }

    /// <summary>Asks for a sweep of what is owned and no longer registered, now; requests before it is taken are one sweep.</summary>
    public void RequestSweep()
    {
        TaskCompletionSource requested;
        lock (_gate)
        {
            _sweep = true;
            requested = Renew();
        }

        requested.TrySetResult();
    }

    /// <summary>Whether a sweep was requested since it was last taken.</summary>
    public bool TakeSweep()
    {
        lock (_gate)
        {
            var sweep = _sweep;
            _sweep = false;
            return sweep;
        }
    }

    /// <summary>Takes every service whose time has come.</summary>
    public HashSet<ServiceKey> TakeDue()
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            var due = _pending.Where(p => p.Value.DueAt <= now).Select(static p => p.Key).ToHashSet();
            foreach (var service in due)
            {
                _pending.Remove(service);
            }

            return due;
        }
    }

    /// <summary>Waits until a request arrives, a sweep waits, or the earliest waiting service is due to wake the reader.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        Task requested;
        DateTimeOffset? wakeAt;
        lock (_gate)
        {
            if (_sweep)
            {
                return;
            }

            requested = _requested.Task;
            wakeAt = _pending.Count == 0 ? null : _pending.Values.Min(static e => e.WakeAt);
        }

        var now = timeProvider.GetUtcNow();
        if (wakeAt <= now)
        {
            return;
        }

        if (wakeAt is not { } at)
        {
            await requested.WaitAsync(cancellationToken);
            return;
        }

        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(requested, Task.Delay(at - now, timeProvider, waiting.Token));
        await waiting.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Stops the depth gauge counting this queue; a worker's next term has its own.</summary>
    public void Dispose() => observed?.Dispose();

    private void Add(ServiceKey service, Entry entry)
    {
        metrics?.ReplanRequested(1);
        if (!_pending.TryGetValue(service, out var known) || entry.DueAt < known.DueAt)
        {
            _pending[service] = entry;
        }
    }

    private TaskCompletionSource Renew()
    {
        var requested = _requested;
        _requested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return requested;
    }

    private readonly record struct Entry(DateTimeOffset DueAt, DateTimeOffset WakeAt);
}
