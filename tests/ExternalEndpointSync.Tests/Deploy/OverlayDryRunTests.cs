using System.Net;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Tests.Deploy;

/// <summary>
/// Every rendered object is created with <c>dryRun=All</c> (the fake serves every kind deploy/
/// installs; its discovery gives the path), as <c>kubectl apply --dry-run=server</c> sends it: the API
/// rules run, the answer is the object, and nothing is stored. The Namespace is then created for
/// real, as an apply would, so that the namespaced objects after it can be checked.
/// </summary>
public sealed class OverlayDryRunTests : IAsyncLifetime
{
    private FakeKubernetesApiServer server = null!;
    private HttpClient http = null!;
    private FakeApiResources api = null!;

    public async Task InitializeAsync()
    {
        server = await FakeKubernetesApiServer.StartAsync();
        http = new HttpClient { BaseAddress = server.BaseAddress };
        api = new FakeApiResources(http);
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(RenderedOverlay.Names), MemberType = typeof(RenderedOverlay))]
    public async Task Every_object_passes_a_dry_run_create_and_is_not_stored(string overlay)
    {
        var rendered = RenderedOverlay.Render(overlay);
        var sent = 0;
        foreach (var obj in rendered.Objects)
        {
            var what = RenderedOverlay.Describe(obj);
            var path = await api.PathOfAsync(obj) ?? throw new Xunit.Sdk.XunitException($"{what}: the fake does not serve {obj.Kind}");

            var collection = path[..path.LastIndexOf('/')];
            var (status, answer) = await api.SendAsync(HttpMethod.Post, $"{collection}?dryRun=All", KubernetesJson.Serialize(obj));
            Assert.True(status == HttpStatusCode.Created, $"{what}: dry-run create answered {(int)status}: {answer.ToJsonString()}");
            Assert.Equal(obj.Kind, answer["kind"]?.GetValue<string>());
            Assert.Equal(obj.Metadata.Name, answer["metadata"]?["name"]?.GetValue<string>());
            Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Get, path)).Status);
            sent++;

            if (obj is V1Namespace)
            {
                var (created, body) = await api.SendAsync(HttpMethod.Post, collection, KubernetesJson.Serialize(obj));
                Assert.True(created == HttpStatusCode.Created, body.ToJsonString());
            }
        }

        Assert.Equal(rendered.Objects.Count, sent);
    }
}
