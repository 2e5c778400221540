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
/// allowWatchBookmarks=true a BOOKMARK carrying the current resourceVersion is sent before the stream
/// closes at timeoutSeconds.
/// </summary>
internal sealed class WatchResponder
{
    private readonly FakeObjectStore store;

    public WatchResponder(FakeObjectStore store) => this.store = store;

    public async Task ServeAsync(HttpContext context, ResourceDefinition definition, ObjectFilter filter, CancellationToken stopping)
    {
        var query = context.Request.Query;
        var requested = query["resourceVersion"].ToString();

        // The timeout starts before the first event is sent, so a test that has read an event can rely on it.
        using var timeout = TimeoutSource(query["timeoutSeconds"]);
        var initial = new List<(string Type, JsonObject Object)>();
        ChannelReader<WatchEvent> reader;
        lock (store.Gate)
        {
            if (requested is "" or "0")
            {
                initial.AddRange(store.Snapshot(definition, filter.Namespace).Where(filter.Matches).Select(o => ("ADDED", o.CloneObject())));
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
            foreach (var (type, obj) in initial)
            {
                await WriteEventAsync(context, type, obj);
            }

            if (initial.Count > 0 && initial[^1].Type == "ERROR")
            {
                return;
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping, timeout.Token);
            try
            {
                await foreach (var change in reader.ReadAllAsync(linked.Token))
                {
                    if (Translate(change, definition, filter) is var (type, obj))
                    {
                        await WriteEventAsync(context, type, obj);
                    }
                }
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
            {
                if (query["allowWatchBookmarks"] == "true")
                {
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

    private CancellationTokenSource TimeoutSource(string? timeoutSeconds) =>
        int.TryParse(timeoutSeconds, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds), store.Time)
            : new CancellationTokenSource();

    private JsonObject Bookmark(ResourceDefinition definition)
    {
        lock (store.Gate)
        {
            return new JsonObject
            {
                ["kind"] = definition.Kind,
                ["apiVersion"] = definition.ApiVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = store.CurrentResourceVersion.ToString(CultureInfo.InvariantCulture) },
            };
        }
    }

    private static (string Type, JsonObject Object)? Translate(WatchEvent change, ResourceDefinition definition, ObjectFilter filter)
    {
        if (change.Definition != definition)
        {
            return null;
        }

        var before = change.Type != "ADDED" && change.Previous is not null && filter.Matches(change.Previous);
        var after = change.Type != "DELETED" && filter.Matches(change.Object);
        var type = (before, after) switch
        {
            (true, true) => "MODIFIED",
            (false, true) => "ADDED",
            (true, false) => "DELETED",
            _ => null,
        };
        return type is null ? null : (type, change.Object.CloneObject());
    }

    private static async Task WriteEventAsync(HttpContext context, string type, JsonObject obj)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj }.ToJsonString(HttpJson.Output) + "\n";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
