using System.Threading.Channels;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// The bounded event history (etcd's window before compaction) and the live watchers.
/// All members are called with the store's lock held, so a watcher never misses or repeats an event.
/// </summary>
internal sealed class WatchHub
{
    private readonly LinkedList<WatchEvent> history = new();
    private readonly List<Channel<WatchEvent>> subscribers = [];
    private readonly int capacity;

    public WatchHub(int capacity) => this.capacity = capacity;

    /// <summary>Events at or below this resource version are gone; asking for them yields 410 Expired.</summary>
    public long CompactedThrough { get; private set; }

    public void Publish(WatchEvent change)
    {
        history.AddLast(change);
        while (history.Count > capacity)
        {
            CompactedThrough = history.First!.Value.ResourceVersion;
            history.RemoveFirst();
        }

        foreach (var subscriber in subscribers)
        {
            subscriber.Writer.TryWrite(change);
        }
    }

    public void Compact(long currentResourceVersion)
    {
        history.Clear();
        CompactedThrough = currentResourceVersion;
    }

    public IEnumerable<WatchEvent> After(long resourceVersion) => history.Where(e => e.ResourceVersion > resourceVersion);

    public IEnumerable<WatchEvent> AfterNewestFirst(long resourceVersion)
    {
        for (var node = history.Last; node is not null && node.Value.ResourceVersion > resourceVersion; node = node.Previous)
        {
            yield return node.Value;
        }
    }

    public ChannelReader<WatchEvent> Subscribe()
    {
        var channel = Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true });
        subscribers.Add(channel);
        return channel.Reader;
    }

    public void Unsubscribe(ChannelReader<WatchEvent> reader)
    {
        var index = subscribers.FindIndex(c => c.Reader == reader);
        if (index >= 0)
        {
            subscribers[index].Writer.TryComplete();
            subscribers.RemoveAt(index);
        }
    }

    public void CompleteAll()
    {
        foreach (var subscriber in subscribers)
        {
            subscriber.Writer.TryComplete();
        }

        subscribers.Clear();
    }
}
