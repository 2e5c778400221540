namespace ExternalEndpointSync.Worker;

/// <summary>
/// Says whether this replica may write right now. A term opens when the elector reports
/// leadership and closes when it reports the loss or the worker stops; within a term, writes are
/// allowed only while the last successful renewal is younger than the renew deadline, so a
/// leader cut off from the API server stops writing on its own clock, before anyone else can
/// take the lease over (they wait a full lease duration from the same renewal).
/// </summary>
public sealed class LeadershipFence(TimeSpan renewDeadline, TimeProvider timeProvider) : IDisposable
{
    private readonly object gate = new();
    private DateTimeOffset lastRenewal = DateTimeOffset.MinValue;
    private CancellationTokenSource? writes;
    private bool accepting;

    /// <summary>True while a term is open and its lease was renewed within the renew deadline.</summary>
    public bool IsLeading
    {
        get
        {
            lock (gate)
            {
                return accepting && writes is { IsCancellationRequested: false };
            }
        }
    }

    /// <summary>
    /// A renewal (or acquisition) that the API server accepted; <paramref name="sentAt"/> is when
    /// the request left, so the deadline counts from before the server could have stored it.
    /// </summary>
    public void Renewed(DateTimeOffset sentAt)
    {
        lock (gate)
        {
            lastRenewal = sentAt;
            ArmDeadline();
        }
    }

    /// <summary>Opens a term; the returned token is cancelled when the lease is lost or the deadline passes without a renewal.</summary>
    public CancellationToken BeginTerm()
    {
        lock (gate)
        {
            // The previous term's source is not disposed: its loop may still be finishing and
            // must keep reading a cancelled token, never a disposed one.
            writes = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
            accepting = true;
            ArmDeadline();
            return writes.Token;
        }
    }

    /// <summary>
    /// Closes the term to new writes. A lost lease also cancels the writes in flight; a worker that
    /// steps down (SIGTERM) still holds the lease and lets them finish before it releases it.
    /// </summary>
    public void EndTerm(bool leaseLost)
    {
        lock (gate)
        {
            accepting = false;
            if (leaseLost)
            {
                writes?.Cancel();
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            accepting = false;
            writes?.Dispose();
            writes = null;
        }
    }

    private void ArmDeadline()
    {
        if (writes is null || writes.IsCancellationRequested)
        {
            return;
        }

        var left = lastRenewal + renewDeadline - timeProvider.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            writes.Cancel();
        }
        else
        {
            writes.CancelAfter(left);
        }
    }
}
