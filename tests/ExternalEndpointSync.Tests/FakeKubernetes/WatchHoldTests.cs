using System.Text.Json.Nodes;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>
/// <see cref="FakeKubernetesApiServer.HoldWatchEvents"/>: watchers lag behind the store (as a real
/// watch cache lags etcd) while writes, lists and gets go on; released, they get everything in order.
/// </summary>
public sealed class WatchHoldTests : FakeApiTestBase
{
    [Fact]
    public async Task Held_events_are_stored_and_listed_at_once_and_streamed_in_order_after_the_release()
    {
        var list = await Client.CoreV1.ListNamespacedServiceAsync("default");
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await Http.GetAsync($"/api/v1/namespaces/default/services?watch=true&resourceVersion={list.Metadata.ResourceVersion}", HttpCompletionOption.ResponseHeadersRead, guard.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(guard.Token));
        var hold = Server.HoldWatchEvents();

        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("first"), "default");
        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("second"), "default");
        await Client.CoreV1.DeleteNamespacedServiceAsync("first", "default");
        var nothingYet = reader.ReadLineAsync(guard.Token).AsTask();
        var listed = await Client.CoreV1.ListNamespacedServiceAsync("default");
        await Task.Delay(TimeSpan.FromMilliseconds(200), guard.Token);

        Assert.False(nothingYet.IsCompleted);
        Assert.True(Server.Store.WatchDelivery.Held);
        Assert.Equal(["second"], listed.Items.Select(static s => s.Metadata.Name));
        hold.Dispose();
        var lines = new List<JsonNode> { JsonNode.Parse((await nothingYet)!)! };
        while (lines.Count < 3 && await reader.ReadLineAsync(guard.Token) is { } line)
        {
            lines.Add(JsonNode.Parse(line)!);
        }

        Assert.Equal(
            [("ADDED", "first"), ("ADDED", "second"), ("DELETED", "first")],
            lines.Select(static l => ((string?)l["type"], (string?)l["object"]!["metadata"]!["name"])));
        Assert.False(Server.Store.WatchDelivery.Held);
    }

    [Fact]
    public async Task A_watch_opened_while_held_replays_nothing_until_the_release_and_its_closing_bookmark_comes_after_the_held_events()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var server = await FakeKubernetesApiServer.StartAsync(time);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        server.Store.Seed(SelectorlessService("a"));
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var hold = server.HoldWatchEvents();

        using var response = await http.GetAsync("/api/v1/namespaces/default/services?watch=true&timeoutSeconds=30&allowWatchBookmarks=true", HttpCompletionOption.ResponseHeadersRead, guard.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(guard.Token));
        server.Store.Seed(SelectorlessService("b"));
        time.Advance(TimeSpan.FromSeconds(30));
        var first = reader.ReadLineAsync(guard.Token).AsTask();
        await Task.Delay(TimeSpan.FromMilliseconds(200), guard.Token);
        Assert.False(first.IsCompleted);

        hold.Dispose();
        var lines = new List<JsonNode> { JsonNode.Parse((await first)!)! };
        while (await reader.ReadLineAsync(guard.Token) is { } line)
        {
            lines.Add(JsonNode.Parse(line)!);
        }

        Assert.Equal(["ADDED", "ADDED", "BOOKMARK"], lines.Select(static l => (string?)l["type"]));
        Assert.Equal("b", (string?)lines[1]["object"]!["metadata"]!["name"]);
        Assert.Equal((string?)lines[1]["object"]!["metadata"]!["resourceVersion"], (string?)lines[2]["object"]!["metadata"]!["resourceVersion"]);
    }
}
