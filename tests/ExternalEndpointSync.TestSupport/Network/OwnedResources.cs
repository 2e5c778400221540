namespace ExternalEndpointSync.TestSupport.Network;

/// <summary>
/// Test hosts and the servers started in them, disposed in reverse order of starting (servers
/// before the hosts they run in), every one of them even when some fail.
/// </summary>
public sealed class OwnedResources(string what)
{
    private readonly List<IAsyncDisposable> owned = [];

    public T Own<T>(T started)
        where T : IAsyncDisposable
    {
        lock (owned)
        {
            owned.Add(started);
        }

        return started;
    }

    public async Task DisposeAllAsync()
    {
        List<IAsyncDisposable> toDispose;
        lock (owned)
        {
            toDispose = [.. Enumerable.Reverse(owned)];
            owned.Clear();
        }

        var failures = new List<Exception>();
        foreach (var resource in toDispose)
        {
            try
            {
                await resource.DisposeAsync();
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException)
            {
                failures.Add(e);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException($"cleaning up the {what} failed", failures);
        }
    }
}
