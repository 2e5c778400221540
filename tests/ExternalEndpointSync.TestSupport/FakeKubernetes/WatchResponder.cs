using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// Serves <c>watch=true</c>: a chunked stream of one JSON event per line. Without a resourceVersion
/// (or "0") current objects are replayed as ADDED first; with one, every later event is replayed from
/// the history; a compacted resourceVersion yields one ERROR event carrying a 410 Expired Status.
/// Objects moving into or out of the selectors appear as ADDED or DELETED. With
/// allowWatchBookmarks=true a BOOKMARK carrying the current resourceVersion is sent every
/// <see cref="BookmarkInterval"/> of the store's clock (the cacher's bookmark frequency) and before the
/// stream closes at timeoutSeconds. sendInitialEvents=true replays current objects as ADDED whatever
/// the resourceVersion and then, to a watcher that allows bookmarks, a BOOKMARK annotated
/// <c>k8s.io/initial-events-end: "true"</c> (KEP-3157); sendInitialEvents=false without a
/// resourceVersion starts at the current state without a replay.
/// </summary>
internal sealed class WatchResponder
{
    public static readonly TimeSpan BookmarkInterval = TimeSpan.FromMinutes(1);

    private const string InitialEventsEnd = "k8s.io/initial-events-end";
    private readonly FakeObjectStore store;

    public WatchResponder(FakeObjectStore store) => this.store = store;

    public async Task ServeAsync(HttpContext context, ResourceDefinition definition, ObjectFilter filter, CancellationToken stopping)
    {
        var query = context.Request.Query;
        var options = WatchListOptions.Parse(query, watch: true);
        var requested = query["resourceVersion"].ToString();
        var bookmarks = query["allowWatchBookmarks"] == "true";

        // The timeout and the first bookmark timer start before the first event is sent, so a test that
        // has read an event can advance the clock and rely on them.
        using var timeout = TimeoutSource(query["timeoutSeconds"]);
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ending.Token, timeout.Token);
        var nextBookmark = bookmarks ? Task.Delay(BookmarkInterval, store.Time, linked.Token) : null;
        var initial = new List<(string Type, JsonObject Object)>();
        ChannelReader<WatchEvent> reader;
        lock (store.Gate)
        {
            if (options.SendInitialEvents == true)
            {
                initial.AddRange(store.Snapshot(definition, filter.Namespace).Where(filter.Matches).Select(o => ("ADDED", o.CloneObject())));
                if (bookmarks)
                {
                    initial.Add(("BOOKMARK", Bookmark(definition, initialEventsEnd: true)));
                }
            }
            else if (requested is "" or "0")
            {
                if (options.SendInitialEvents is null)
                {
                    initial.AddRange(store.Snapshot(definition, filter.Namespace).Where(filter.Matches).Select(o => ("ADDED", o.CloneObject())));
                }
            }
            else
            {
                if (!long.TryParse(requested, NumberStyles.None, CultureInfo.InvariantCulture, out var from))
                {
                    throw new ApiStatusException(ApiStatus.BadRequest($"invalid resource version: {requested}"));
                }

                if (from < store.Watches.CompactedThrough)
                {
                    var expired = ApiStatus.Expired($"too old resource version: {from} ({store.Watches.CompactedThrough + 1})");
                    initial.Add(("ERROR", expired));
                }
                else
                {
                    initial.AddRange(store.Watches.After(from).Select(e => Translate(e, definition, filter)).OfType<(string, JsonObject)>());
                }
            }

            reader = store.Watches.Subscribe();
        }

        try
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.StartAsync(context.RequestAborted);
            // The API server flushes the headers at once (watch.go ServeHTTP), so a client sees an idle watch as open.
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await store.WatchDelivery.WhenOpen.WaitAsync(ending.Token);
            foreach (var (type, obj) in initial)
            {
                await WriteEventAsync(context, type, obj);
            }

            if (initial.Count > 0 && initial[^1].Type == "ERROR")
            {
                return;
            }

            try
            {
                await StreamAsync(context, definition, filter, reader, nextBookmark, linked.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
            {
                if (bookmarks)
                {
                    await DrainAsync(context, definition, filter, reader, ending.Token);
                    await WriteEventAsync(context, "BOOKMARK", Bookmark(definition));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away or the server is stopping: the stream simply ends.
        }
        finally
        {
            lock (store.Gate)
            {
                store.Watches.Unsubscribe(reader);
            }
        }
    }

    /// <summary>Sends live changes, and a bookmark whenever <paramref name="nextBookmark"/> fires.</summary>
    private async Task StreamAsync(HttpContext context, ResourceDefinition definition, ObjectFilter filter, ChannelReader<WatchEvent> reader, Task? nextBookmark, CancellationToken token)
    {
        var readable = reader.WaitToReadAsync(token).AsTask();
        while (true)
        {
            var fired = nextBookmark is null ? readable : await Task.WhenAny(readable, nextBookmark);
            if (fired == nextBookmark)
            {
                await nextBookmark;
                // The next timer starts before this bookmark goes out, so a test that read it may advance again.
                nextBookmark = Task.Delay(BookmarkInterval, store.Time, token);
                // A bookmark never runs ahead of the events before it.
                await DrainAsync(context, definition, filter, reader, token);
                await WriteEventAsync(context, "BOOKMARK", Bookmark(definition));
                continue;
            }

            if (!await readable)
            {
                return;
            }

            await DrainAsync(context, definition, filter, reader, token);
            readable = reader.WaitToReadAsync(token).AsTask();
        }
    }

    /// <summary>Sends every event waiting, once no hold is in force: an event is taken from the channel only to be sent.</summary>
    private async Task DrainAsync(HttpContext context, ResourceDefinition definition, ObjectFilter filter, ChannelReader<WatchEvent> reader, CancellationToken token)
    {
        await store.WatchDelivery.WhenOpen.WaitAsync(token);
        while (reader.TryRead(out var change))
        {
            if (Translate(change, definition, filter) is var (type, obj))
            {
                await WriteEventAsync(context, type, obj);
            }
        }
    }

    private CancellationTokenSource TimeoutSource(string? timeoutSeconds) =>
        int.TryParse(timeoutSeconds, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds), store.Time)
            : new CancellationTokenSource();

    private JsonObject Bookmark(ResourceDefinition definition, bool initialEventsEnd = false)
    {
        lock (store.Gate)
        {
            var metadata = new JsonObject { ["resourceVersion"] = store.CurrentResourceVersion.ToString(CultureInfo.InvariantCulture) };
            if (initialEventsEnd)
            {
                metadata["annotations"] = new JsonObject { [InitialEventsEnd] = "true" };
            }

            return new JsonObject { ["kind"] = definition.Kind, ["apiVersion"] = definition.ApiVersion, ["metadata"] = metadata };
        }
    }

    private static (string Type, JsonObject Object)? Translate(WatchEvent change, ResourceDefinition definition, ObjectFilter filter)
    {
        if (change.Definition != definition.StorageDefinition)
        {
            return null;
        }

        var previous = change.Previous is null ? null : definition.FromStorage(change.Previous);
        var current = definition.FromStorage(change.Object);
        var before = change.Type != "ADDED" && previous is not null && filter.Matches(previous);
        var after = change.Type != "DELETED" && filter.Matches(current);
        var type = (before, after) switch
        {
            (true, true) => "MODIFIED",
            (false, true) => "ADDED",
            (true, false) => "DELETED",
            _ => null,
        };
        return type is null ? null : (type, current.CloneObject());
    }

    private static async Task WriteEventAsync(HttpContext context, string type, JsonObject obj)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj }.ToJsonString(HttpJson.Output) + "\n";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
