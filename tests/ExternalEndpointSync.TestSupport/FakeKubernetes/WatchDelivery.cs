namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// Makes watchers lag behind the store, as a real API server's watch cache lags etcd (and a
/// client's informer lags the server): while a hold is in force, writes are stored and answered,
/// lists and gets see them, but no watch stream sends anything (events, replays, bookmarks); when the
/// last hold is disposed, every stream sends what it held, in order. Nothing is lost or reordered.
/// </summary>
public sealed class WatchDelivery
{
    private readonly object gate = new();
    private TaskCompletionSource open = Opened();
    private int holds;

    public bool Held
    {
        get
        {
            lock (gate)
            {
                return holds > 0;
            }
        }
    }

    public IDisposable Hold()
    {
        lock (gate)
        {
            if (holds++ == 0)
            {
                open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        return new Release(this);
    }

    /// <summary>Completes when no hold is in force.</summary>
    internal Task WhenOpen
    {
        get
        {
            lock (gate)
            {
                return open.Task;
            }
        }
    }

    private static TaskCompletionSource Opened()
    {
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        opened.SetResult();
        return opened;
    }

    private void Unhold()
    {
        TaskCompletionSource? released = null;
        lock (gate)
        {
            if (--holds == 0)
            {
                released = open;
            }
        }

        released?.TrySetResult();
    }

    private sealed class Release(WatchDelivery delivery) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                delivery.Unhold();
            }
        }
    }
}
