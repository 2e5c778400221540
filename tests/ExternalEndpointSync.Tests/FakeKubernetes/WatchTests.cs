using System.Text.Json.Nodes;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

public sealed class WatchTests : FakeApiTestBase
{
    private static CancellationTokenSource Guard() => new(TimeSpan.FromSeconds(20));

    [Fact]
    public async Task Client_watch_replays_current_objects_then_streams_changes()
    {
        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("existing"), "default");
        using var guard = Guard();
        var events = new List<(WatchEventType, string)>();

        await foreach (var (type, service) in Client.CoreV1.WatchListNamespacedServiceAsync("default", cancellationToken: guard.Token))
        {
            events.Add((type, service.Metadata.Name));
            if (events.Count == 4)
            {
                break;
            }

            if (events.Count == 1)
            {
                var created = await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("new"), "default");
                created.Metadata.Labels = new Dictionary<string, string> { ["a"] = "b" };
                await Client.CoreV1.ReplaceNamespacedServiceAsync(created, "new", "default");
                await Client.CoreV1.DeleteNamespacedServiceAsync("new", "default");
            }
        }

        Assert.Equal([(WatchEventType.Added, "existing"), (WatchEventType.Added, "new"), (WatchEventType.Modified, "new"), (WatchEventType.Deleted, "new")], events);
    }

    [Fact]
    public async Task Watch_from_a_resource_version_sends_only_later_events()
    {
        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("before"), "default");
        var list = await Client.CoreV1.ListNamespacedServiceAsync("default");
        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("after"), "default");
        using var guard = Guard();

        var lines = await ReadWatchAsync($"/api/v1/namespaces/default/services?watch=1&resourceVersion={list.Metadata.ResourceVersion}", 1, guard.Token);

        Assert.Equal("ADDED", (string?)lines[0]["type"]);
        Assert.Equal("after", (string?)lines[0]["object"]!["metadata"]!["name"]);
        Assert.Equal("Service", (string?)lines[0]["object"]!["kind"]);
    }

    [Fact]
    public async Task Watch_from_a_compacted_resource_version_gets_one_410_ERROR_event()
    {
        var created = await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("a"), "default");
        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("b"), "default");
        Server.Store.Compact();
        using var guard = Guard();

        var lines = await ReadWatchAsync($"/api/v1/namespaces/default/services?watch=true&resourceVersion={created.Metadata.ResourceVersion}", 2, guard.Token);

        var error = Assert.Single(lines);
        Assert.Equal("ERROR", (string?)error["type"]);
        Assert.Equal("Status", (string?)error["object"]!["kind"]);
        Assert.Equal(410, (int?)error["object"]!["code"]);
        Assert.Equal("Expired", (string?)error["object"]!["reason"]);
    }

    [Fact]
    public async Task Watch_answers_200_chunked_with_one_event_per_line()
    {
        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("a"), "default");
        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("b"), "default");
        using var guard = Guard();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/default/services?watch=true");

        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, guard.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(guard.Token));
        var first = JsonNode.Parse((await reader.ReadLineAsync(guard.Token))!)!;
        var second = JsonNode.Parse((await reader.ReadLineAsync(guard.Token))!)!;

        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.Equal(["a", "b"], new[] { first, second }.Select(e => (string?)e["object"]!["metadata"]!["name"]));
    }

    [Fact]
    public async Task Label_selected_watch_turns_objects_leaving_and_entering_into_DELETED_and_ADDED()
    {
        var service = SelectorlessService("web");
        service.Metadata.Labels = new Dictionary<string, string> { ["tier"] = "web" };
        var created = await Client.CoreV1.CreateNamespacedServiceAsync(service, "default");
        created.Metadata.Labels["tier"] = "db";
        var moved = await Client.CoreV1.ReplaceNamespacedServiceAsync(created, "web", "default");
        moved.Metadata.Labels["tier"] = "web";
        await Client.CoreV1.ReplaceNamespacedServiceAsync(moved, "web", "default");
        using var guard = Guard();

        var lines = await ReadWatchAsync($"/api/v1/namespaces/default/services?watch=true&labelSelector=tier%3Dweb&resourceVersion={created.Metadata.ResourceVersion}", 2, guard.Token);

        Assert.Equal(["DELETED", "ADDED"], lines.Select(l => (string?)l["type"]));
    }

    [Fact]
    public async Task Timeout_ends_the_watch_and_bookmarks_come_only_when_allowed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var server = await FakeKubernetesApiServer.StartAsync(time);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        server.Store.Seed(SelectorlessService("a"));
        using var guard = Guard();

        var withBookmarks = await WatchUntilClosedAsync(http, time, "/api/v1/namespaces/default/services?watch=true&timeoutSeconds=30&allowWatchBookmarks=true", guard.Token);
        var without = await WatchUntilClosedAsync(http, time, "/api/v1/namespaces/default/services?watch=true&timeoutSeconds=30", guard.Token);

        Assert.Equal(["ADDED", "BOOKMARK"], withBookmarks.Select(l => (string?)l["type"]));
        Assert.Equal("Service", (string?)withBookmarks[1]["object"]!["kind"]);
        Assert.NotNull((string?)withBookmarks[1]["object"]!["metadata"]!["resourceVersion"]);
        Assert.Equal(["ADDED"], without.Select(l => (string?)l["type"]));
    }

    private static async Task<List<JsonNode>> WatchUntilClosedAsync(HttpClient http, FakeTimeProvider time, string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var lines = new List<JsonNode> { JsonNode.Parse((await reader.ReadLineAsync(ct))!)! };
        time.Advance(TimeSpan.FromSeconds(30));
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            lines.Add(JsonNode.Parse(line)!);
        }

        return lines;
    }

    private async Task<List<JsonNode>> ReadWatchAsync(string path, int count, CancellationToken ct)
    {
        using var response = await Http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var lines = new List<JsonNode>();
        while (lines.Count < count && await reader.ReadLineAsync(ct) is { } line)
        {
            lines.Add(JsonNode.Parse(line)!);
        }

        return lines;
    }
}
