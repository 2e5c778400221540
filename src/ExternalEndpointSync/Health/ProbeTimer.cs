namespace ExternalEndpointSync.Health;

/// <summary>
/// One address's probe schedule: a one-shot timer that is armed again only once its probe has
/// finished, in a <c>finally</c>. So a probe never overlaps itself however slow it is, a probe
/// that throws is still rescheduled (the fault is reported, not lost in a fire-and-forget task),
/// and a disposed schedule is never armed again, whatever its probe in flight does. The next
/// probe is due one interval after the previous one was due, not after it finished: the probe's
/// own duration and its wait for a free slot would otherwise stretch every interval, and with
/// many addresses that lag is what pushes the schedule off. A probe that ran past its next due
/// time skips the times it missed rather than following at once.
/// </summary>
internal sealed class ProbeTimer : IDisposable
{
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private readonly Func<Task<Action?>> _probe;
    private readonly TimeProvider _time;
    private readonly Func<TimeSpan> _interval;
    private readonly Action<Task> _track;
    private readonly Action<Exception> _onFault;
    private bool _running;
    private bool _disposed;
    private DateTimeOffset _due;

    /// <param name="probe">Runs one probe; returns what to do once the next probe is scheduled (raise the completion), or null.</param>
    /// <param name="interval">The time from one probe's due time to the next one's.</param>
    /// <param name="track">Receives each probe's task, so the owner can await probes in flight on dispose.</param>
    /// <param name="onFault">Reports an exception a probe or its completion threw.</param>
    public ProbeTimer(TimeProvider timeProvider, Func<Task<Action?>> probe, Func<TimeSpan> interval, Action<Task> track, Action<Exception> onFault)
    {
        _time = timeProvider;
        _probe = probe;
        _interval = interval;
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
                _due = _time.GetUtcNow() + firstDelay;
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
                    _timer.Change(NextDelay(), Timeout.InfiniteTimeSpan);
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

    /// <summary>Moves the due time on by whole intervals past now; called under the gate.</summary>
    private TimeSpan NextDelay()
    {
        var interval = _interval();
        var now = _time.GetUtcNow();
        _due += interval;
        if (_due <= now)
        {
            _due += interval * Math.Floor(((now - _due) / interval) + 1);
        }

        return _due - now;
    }
}
