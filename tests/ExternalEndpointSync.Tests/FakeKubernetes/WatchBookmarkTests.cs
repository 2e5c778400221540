using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>
/// Bookmarks on the server's clock (the cacher's once-a-minute bookmark frequency, apiserver
/// storage/cacher) and sendInitialEvents (KEP-3157) with the option rules of apimachinery's
/// ValidateListOptions (pkg/apis/meta/internalversion/validation).
/// </summary>
public sealed class WatchBookmarkTests : IAsyncLifetime
{
    private const string Services = "/api/v1/namespaces/default/services";
    private readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));
    private readonly CancellationTokenSource guard = new(TimeSpan.FromSeconds(20));
    private FakeKubernetesApiServer server = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        server = await FakeKubernetesApiServer.StartAsync(time);
        http = new HttpClient { BaseAddress = server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
        guard.Dispose();
    }

    private string Seed(string name) =>
        server.Store.Seed(new k8s.Models.V1Service
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = name, NamespaceProperty = "default" },
            Spec = new k8s.Models.V1ServiceSpec { Ports = [new k8s.Models.V1ServicePort { Port = 80 }] },
        }).Metadata.ResourceVersion;

    private async Task<(HttpResponseMessage Response, StreamReader Reader)> WatchAsync(string query)
    {
        var response = await http.GetAsync($"{Services}?watch=true&{query}", HttpCompletionOption.ResponseHeadersRead, guard.Token);
        return (response, new StreamReader(await response.Content.ReadAsStreamAsync(guard.Token)));
    }

    private async Task<JsonNode> NextAsync(StreamReader reader) => JsonNode.Parse((await reader.ReadLineAsync(guard.Token))!)!;

    [Fact]
    public async Task A_bookmark_with_the_current_resource_version_comes_every_minute_of_the_servers_clock()
    {
        Seed("a");
        var (response, reader) = await WatchAsync("allowWatchBookmarks=true");
        using (response)
        using (reader)
        {
            Assert.Equal("ADDED", (string?)(await NextAsync(reader))["type"]);
            time.Advance(TimeSpan.FromSeconds(59));
            var version = Seed("b");
            Assert.Equal("ADDED", (string?)(await NextAsync(reader))["type"]);

            time.Advance(TimeSpan.FromSeconds(1));
            var bookmark = await NextAsync(reader);
            Assert.Equal("BOOKMARK", (string?)bookmark["type"]);
            Assert.Equal(version, (string?)bookmark["object"]!["metadata"]!["resourceVersion"]);
            Assert.Equal("Service", (string?)bookmark["object"]!["kind"]);

            var later = Seed("c");
            Assert.Equal("ADDED", (string?)(await NextAsync(reader))["type"]);
            time.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(later, (string?)(await NextAsync(reader))["object"]!["metadata"]!["resourceVersion"]);
        }
    }

    [Fact]
    public async Task No_bookmark_without_allowWatchBookmarks()
    {
        var (response, reader) = await WatchAsync("resourceVersion=0");
        using (response)
        using (reader)
        {
            time.Advance(TimeSpan.FromMinutes(3));
            Seed("a");

            Assert.Equal("ADDED", (string?)(await NextAsync(reader))["type"]);
        }
    }

    [Fact]
    public async Task Send_initial_events_replays_the_state_then_marks_its_end()
    {
        var first = Seed("a");
        var current = Seed("b");
        var (response, reader) = await WatchAsync($"sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&resourceVersion={first}");
        using (response)
        using (reader)
        {
            var a = await NextAsync(reader);
            var b = await NextAsync(reader);
            var end = await NextAsync(reader);
            Seed("c");
            var live = await NextAsync(reader);

            Assert.Equal(["ADDED", "ADDED", "BOOKMARK", "ADDED"], new[] { a, b, end, live }.Select(e => (string?)e["type"]));
            Assert.Equal(["a", "b", "c"], new[] { a, b, live }.Select(e => (string?)e["object"]!["metadata"]!["name"]));
            Assert.Equal(current, (string?)end["object"]!["metadata"]!["resourceVersion"]);
            Assert.Equal("true", (string?)end["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]);
        }
    }

    [Fact]
    public async Task Send_initial_events_false_starts_at_the_current_state()
    {
        Seed("a");
        var (response, reader) = await WatchAsync("sendInitialEvents=false&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true");
        using (response)
        using (reader)
        {
            Seed("b");

            Assert.Equal("b", (string?)(await NextAsync(reader))["object"]!["metadata"]!["name"]);
        }
    }

    [Theory]
    [InlineData("watch=true&sendInitialEvents=true",
        "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")]
    [InlineData("watch=true&resourceVersionMatch=NotOlderThan",
        "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")]
    [InlineData("watch=true&sendInitialEvents=true&resourceVersionMatch=Exact",
        "ListOptions.meta.k8s.io \"\" is invalid: [resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan, resourceVersionMatch: Unsupported value: \"Exact\": supported values: \"NotOlderThan\"]")]
    [InlineData("watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&continue=x",
        "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided")]
    [InlineData("sendInitialEvents=true",
        "ListOptions.meta.k8s.io \"\" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list")]
    [InlineData("resourceVersionMatch=NotOlderThan",
        "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided")]
    public async Task Invalid_option_combinations_are_422_on_ListOptions(string query, string message)
    {
        using var response = await http.GetAsync($"{Services}?{query}", guard.Token);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync(guard.Token))!;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Invalid", (string?)status["reason"]);
        Assert.Equal(message, (string?)status["message"]);
        Assert.Equal("ListOptions", (string?)status["details"]!["kind"]);
    }

    [Fact]
    public async Task A_list_with_resource_version_match_and_a_version_is_accepted()
    {
        var version = Seed("a");

        using var response = await http.GetAsync($"{Services}?resourceVersion={version}&resourceVersionMatch=NotOlderThan", guard.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
