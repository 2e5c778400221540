using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>Starts one fake API server per test, with a real client and a raw HttpClient.</summary>
public abstract class FakeApiTestBase : IAsyncLifetime
{
    protected FakeKubernetesApiServer Server { get; private set; } = null!;

    protected IKubernetes Client { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Server = await FakeKubernetesApiServer.StartAsync();
        Client = Server.CreateClient();
        Http = new HttpClient { BaseAddress = Server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        Client.Dispose();
        await Server.DisposeAsync();
    }

    protected static V1Service SelectorlessService(string name, string ns = "default", params int[] ports) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1ServiceSpec
        {
            Ports = (ports.Length == 0 ? [80] : ports)
                .Select(p => new V1ServicePort { Name = ports.Length > 1 ? $"p{p}" : null, Port = p })
                .ToList(),
        },
    };

    protected static V1EndpointSlice Slice(string name, string addressType = "IPv4", params string[] addresses) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = "svc" } },
        AddressType = addressType,
        Endpoints = addresses.Select(a => new V1Endpoint { Addresses = [a] }).ToList(),
        Ports = [new Discoveryv1EndpointPort { Name = "http", Port = 80, Protocol = "TCP" }],
    };

    protected async Task<(HttpResponseMessage Response, JsonObject Body)> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        // A path the server does not serve at all is answered in plain text, as Go's http.NotFound does.
        var json = text.Length > 0 && response.Content.Headers.ContentType?.MediaType != "text/plain";
        return (response, json ? (JsonObject)JsonNode.Parse(text)! : []);
    }

    protected static string Json(object value) => KubernetesJson.Serialize(value);
}
