namespace ExternalEndpointSync.Health;

/// <summary>
/// One address's probe schedule: a one-shot timer that is armed again only once its probe has
/// finished, in a <c>finally</c>. So a probe never overlaps itself however slow it is, a probe
/// that throws is still rescheduled (the fault is reported, not lost in a fire-and-forget task),
/// and a disposed schedule is never armed again, whatever its probe in flight does.
/// </summary>
internal sealed class ProbeTimer : IDisposable
{
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private readonly Func<Task<Action?>> _probe;
    private readonly Func<TimeSpan> _nextDelay;
    private readonly Action<Task> _track;
    private readonly Action<Exception> _onFault;
    private bool _running;
    private bool _disposed;

    /// <param name="probe">Runs one probe; returns what to do once the next probe is scheduled (raise the completion), or null.</param>
    /// <param name="nextDelay">The delay from the end of one probe to the start of the next.</param>
    /// <param name="track">Receives each probe's task, so the owner can await probes in flight on dispose.</param>
    /// <param name="onFault">Reports an exception a probe or its completion threw.</param>
    public ProbeTimer(TimeProvider timeProvider, Func<Task<Action?>> probe, Func<TimeSpan> nextDelay, Action<Task> track, Action<Exception> onFault)
    {
        _probe = probe;
        _nextDelay = nextDelay;
        _track = track;
        _onFault = onFault;
        // Created idle and armed by Start: a zero delay may run the callback inside Change, and
        // the callback must find this object complete.
        _timer = timeProvider.CreateTimer(static state => ((ProbeTimer)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Start(TimeSpan firstDelay)
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _timer.Change(firstDelay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Stops the schedule; a probe in flight finishes (or is cancelled by its owner) and is not followed by another.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer.Dispose();
        }
    }

    private void Fire()
    {
        lock (_gate)
        {
            // A callback that was already queued when the timer was re-armed or disposed.
            if (_disposed || _running)
            {
                return;
            }

            _running = true;
        }

        _track(RunAsync());
    }

    private async Task RunAsync()
    {
        Action? completed = null;
        Exception? fault = null;
        try
        {
            completed = await _probe();
        }
        catch (Exception e)
        {
            fault = e;
        }
        finally
        {
            lock (_gate)
            {
                _running = false;
                if (!_disposed)
                {
                    _timer.Change(_nextDelay(), Timeout.InfiniteTimeSpan);
                }
            }
        }

        // Reported once the next probe is scheduled, so whoever reacts finds the schedule going.
        try
        {
            if (fault is not null)
            {
                _onFault(fault);
            }
            else
            {
                completed?.Invoke();
            }
        }
        catch (Exception e) when (fault is null)
        {
            _onFault(e);
        }
    }
}
