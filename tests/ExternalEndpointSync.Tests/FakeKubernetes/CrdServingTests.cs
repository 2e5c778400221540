using System.Text.Json.Nodes;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>A created CustomResourceDefinition serves its objects: discovery, CRUD, list, watch, /status, and cleanup on delete.</summary>
public sealed class CrdServingTests : FakeApiTestBase
{
    private static readonly JsonObject Fast = new() { ["mode"] = "Fast" };

    private async Task CreateCrdAsync(bool statusSubresource = true)
    {
        var (response, body) = await SendAsync(HttpMethod.Post, CrdFixture.CrdCollection, CrdFixture.Crd(statusSubresource));
        Assert.True((int)response.StatusCode == 201, body.ToJsonString());
    }

    [Fact]
    public async Task Before_the_crd_exists_its_resource_is_not_served()
    {
        var (response, _) = await SendAsync(HttpMethod.Get, CrdFixture.Collection);

        Assert.Equal(404, (int)response.StatusCode);
    }

    [Fact]
    public async Task Discovery_lists_the_served_version_with_short_names_and_categories()
    {
        await CreateCrdAsync();

        var (_, groups) = await SendAsync(HttpMethod.Get, "/apis");
        var (_, group) = await SendAsync(HttpMethod.Get, "/apis/test.example.io");
        var (_, resources) = await SendAsync(HttpMethod.Get, "/apis/test.example.io/v1");

        Assert.Contains(groups["groups"]!.AsArray(), g => (string?)g!["name"] == "test.example.io");
        Assert.Equal("test.example.io/v1", (string?)group["preferredVersion"]!["groupVersion"]);
        var widgets = resources["resources"]!.AsArray().Single(r => (string?)r!["name"] == "widgets")!;
        Assert.Equal("""["wd"]""", widgets["shortNames"]!.ToJsonString());
        Assert.Equal("""["all"]""", widgets["categories"]!.ToJsonString());
        Assert.Contains("watch", widgets["verbs"]!.AsArray().Select(v => (string?)v));
        Assert.Contains(resources["resources"]!.AsArray(), r => (string?)r!["name"] == "widgets/status");
    }

    [Fact]
    public async Task Without_a_status_subresource_status_is_written_with_the_object()
    {
        await CreateCrdAsync(statusSubresource: false);

        var (_, created) = await SendAsync(HttpMethod.Post, CrdFixture.Collection, CrdFixture.Widget("w", Fast, new JsonObject { ["phase"] = "Ready" }));
        var (_, resources) = await SendAsync(HttpMethod.Get, "/apis/test.example.io/v1");

        Assert.Equal("Ready", (string?)created["status"]!["phase"]);
        Assert.DoesNotContain(resources["resources"]!.AsArray(), r => (string?)r!["name"] == "widgets/status");
    }

    [Fact]
    public async Task Spec_changes_bump_generation_status_writes_do_not_and_each_endpoint_ignores_the_other_half()
    {
        await CreateCrdAsync();
        var (_, created) = await SendAsync(HttpMethod.Post, CrdFixture.Collection, CrdFixture.Widget("w", Fast, new JsonObject { ["phase"] = "Sent" }));

        var (_, statused) = await SendAsync(HttpMethod.Put, $"{CrdFixture.Collection}/w/status",
            CrdFixture.Widget("w", new JsonObject { ["mode"] = "Slow" }, new JsonObject { ["phase"] = "Ready" }, (string?)created["metadata"]!["resourceVersion"]));
        var (_, updated) = await SendAsync(HttpMethod.Put, $"{CrdFixture.Collection}/w",
            CrdFixture.Widget("w", new JsonObject { ["mode"] = "Slow" }, new JsonObject { ["phase"] = "Overwritten" }, (string?)statused["metadata"]!["resourceVersion"]));

        Assert.Null(created["status"]);
        Assert.Equal("Fast", (string?)statused["spec"]!["mode"]);
        Assert.Equal("Ready", (string?)statused["status"]!["phase"]);
        Assert.Equal(1, (int?)statused["metadata"]!["generation"]);
        Assert.Equal("Slow", (string?)updated["spec"]!["mode"]);
        Assert.Equal("Ready", (string?)updated["status"]!["phase"]);
        Assert.Equal(2, (int?)updated["metadata"]!["generation"]);
    }

    [Fact]
    public async Task Objects_list_watch_and_delete_like_built_in_kinds()
    {
        await CreateCrdAsync();
        await SendAsync(HttpMethod.Post, CrdFixture.Collection, CrdFixture.Widget("a", Fast));
        var (_, list) = await SendAsync(HttpMethod.Get, CrdFixture.Collection);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var stream = await Http.GetStreamAsync($"{CrdFixture.Collection}?watch=true&resourceVersion={(string?)list["metadata"]!["resourceVersion"]}", cts.Token);
        using var reader = new StreamReader(stream);

        await SendAsync(HttpMethod.Post, CrdFixture.Collection, CrdFixture.Widget("b", Fast));
        var added = JsonNode.Parse((await reader.ReadLineAsync(cts.Token))!)!;
        var (deleted, _) = await SendAsync(HttpMethod.Delete, $"{CrdFixture.Collection}/a");

        Assert.Equal("WidgetList", (string?)list["kind"]);
        Assert.Equal(["a"], list["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]));
        Assert.Equal("Widget", (string?)list["items"]![0]!["kind"]);
        Assert.Equal("ADDED", (string?)added["type"]);
        Assert.Equal("b", (string?)added["object"]!["metadata"]!["name"]);
        Assert.Equal(200, (int)deleted.StatusCode);
    }

    [Fact]
    public async Task Deleting_the_crd_deletes_its_objects_and_stops_serving_them()
    {
        await CreateCrdAsync();
        await SendAsync(HttpMethod.Post, CrdFixture.Collection, CrdFixture.Widget("a", Fast));

        var (deleted, _) = await SendAsync(HttpMethod.Delete, $"{CrdFixture.CrdCollection}/widgets.test.example.io");
        var (gone, _) = await SendAsync(HttpMethod.Get, CrdFixture.Collection);
        var (_, groups) = await SendAsync(HttpMethod.Get, "/apis");
        await CreateCrdAsync();
        var (_, relisted) = await SendAsync(HttpMethod.Get, CrdFixture.Collection);

        Assert.Equal(200, (int)deleted.StatusCode);
        Assert.Equal(404, (int)gone.StatusCode);
        Assert.DoesNotContain(groups["groups"]!.AsArray(), g => (string?)g!["name"] == "test.example.io");
        Assert.Empty(relisted["items"]!.AsArray());
    }

    [Fact]
    public async Task A_seeded_crd_is_served_and_an_updated_one_validates_with_its_new_schema()
    {
        var crd = KubernetesJson.Deserialize<V1CustomResourceDefinition>(CrdFixture.Crd());
        var seeded = Server.Store.Seed(crd);
        var (accepted, _) = await SendAsync(HttpMethod.Post, CrdFixture.Collection, CrdFixture.Widget("a", new JsonObject { ["mode"] = "Medium" }));
        Assert.Equal(422, (int)accepted.StatusCode);

        seeded.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"].Properties["mode"].EnumProperty = ["Fast", "Slow", "Medium"];
        var (updated, body) = await SendAsync(HttpMethod.Put, $"{CrdFixture.CrdCollection}/widgets.test.example.io", KubernetesJson.Serialize(seeded));
        var (now, _) = await SendAsync(HttpMethod.Post, CrdFixture.Collection, CrdFixture.Widget("a", new JsonObject { ["mode"] = "Medium" }));

        Assert.True((int)updated.StatusCode == 200, body.ToJsonString());
        Assert.Equal(201, (int)now.StatusCode);
    }

    [Fact]
    public async Task A_dry_run_crd_serves_nothing()
    {
        await SendAsync(HttpMethod.Post, $"{CrdFixture.CrdCollection}?dryRun=All", CrdFixture.Crd());

        var (response, _) = await SendAsync(HttpMethod.Get, CrdFixture.Collection);

        Assert.Equal(404, (int)response.StatusCode);
    }

    [Fact]
    public async Task The_table_prints_the_crd_printer_columns()
    {
        await CreateCrdAsync();
        var (_, created) = await SendAsync(HttpMethod.Post, CrdFixture.Collection, CrdFixture.Widget("a", Fast));
        await SendAsync(HttpMethod.Put, $"{CrdFixture.Collection}/a/status", CrdFixture.Widget("a", Fast,
            new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Other", ["status"] = "False" }, new JsonObject { ["type"] = "Ready", ["status"] = "True" }) },
            (string?)created["metadata"]!["resourceVersion"]));
        using var request = new HttpRequestMessage(HttpMethod.Get, CrdFixture.Collection);
        request.Headers.TryAddWithoutValidation("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io");

        var table = JsonNode.Parse(await (await Http.SendAsync(request)).Content.ReadAsStringAsync())!;

        Assert.Equal(["Name", "Mode", "Ready", "Age"], table["columnDefinitions"]!.AsArray().Select(c => (string?)c!["name"]));
        var cells = table["rows"]![0]!["cells"]!.AsArray().Select(c => (string?)c).ToList();
        Assert.Equal(["a", "Fast", "True"], cells[..3]);
        Assert.EndsWith("s", cells[3], StringComparison.Ordinal);
    }
}
