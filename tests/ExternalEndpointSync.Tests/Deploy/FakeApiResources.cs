using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Tests.Deploy;

/// <summary>Raw HTTP to the fake API server, with the resource paths its discovery documents give.</summary>
public sealed class FakeApiResources(HttpClient http)
{
    /// <summary>The object's URL when the fake serves its kind (its discovery document lists it), else null.</summary>
    public async Task<string?> PathOfAsync(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var prefix = obj.ApiVersion.Contains('/', StringComparison.Ordinal) ? $"/apis/{obj.ApiVersion}" : $"/api/{obj.ApiVersion}";
        var (status, document) = await SendAsync(HttpMethod.Get, prefix);
        var plural = status == HttpStatusCode.OK
            ? document["resources"]!.AsArray()
                .Select(static r => r!.AsObject())
                .FirstOrDefault(r => r["kind"]!.GetValue<string>() == obj.Kind && !r["name"]!.GetValue<string>().Contains('/', StringComparison.Ordinal))?["name"]!.GetValue<string>()
            : null;
        return plural is null ? null
            : obj.Metadata.NamespaceProperty is { } ns ? $"{prefix}/namespaces/{ns}/{plural}/{obj.Metadata.Name}"
            : $"{prefix}/{plural}/{obj.Metadata.Name}";
    }

    public async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject());
    }
}
