using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// The legacy discovery documents (/version, /api, /api/v1, /apis, /apis/{group}[/{version}]).
/// Aggregated discovery (apidiscovery.k8s.io/v2) is not offered: the answer is always plain
/// application/json, and kubectl and the client fall back to the legacy documents.
/// </summary>
internal sealed class DiscoveryDocuments
{
    private static readonly string[] Verbs = ["create", "delete", "get", "list", "patch", "update", "watch"];
    private readonly ResourceRegistry registry;

    public DiscoveryDocuments(ResourceRegistry registry) => this.registry = registry;

    public JsonObject? Find(string path, string serverAddress)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["version"] => Version(),
            ["api"] => new JsonObject
            {
                ["kind"] = "APIVersions",
                ["versions"] = new JsonArray("v1"),
                ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
            },
            ["api", "v1"] => ResourceList(string.Empty, "v1"),
            ["apis"] => new JsonObject
            {
                ["kind"] = "APIGroupList",
                ["apiVersion"] = "v1",
                ["groups"] = new JsonArray(registry.Groups().Select(g => (JsonNode)Group(g.Key, g.First().Version)).ToArray()),
            },
            ["apis", var group] when registry.Groups().Any(g => g.Key == group) => GroupDocument(group),
            ["apis", var group, var version] when registry.All.Any(d => d.Group == group && d.Version == version) => ResourceList(group, version),
            _ => null,
        };
    }

    /// <summary>
    /// Whether <paramref name="path"/> lies under a group or group version the server does not serve
    /// at all. kube-apiserver hands such a path down its delegation chain to the not-found handler at
    /// its end (apiserver/pkg/util/notfoundhandler), which answers Go's plain-text
    /// <c>404 page not found</c>, not a Status; a path under a served group version that names no
    /// resource is go-restful's, which answers a NotFound Status.
    /// </summary>
    public bool IsUnservedGroupVersion(string path)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["api", var version, ..] => version != "v1",
            ["apis", var group] => !registry.Groups().Any(g => g.Key == group),
            ["apis", var group, var version, ..] => !registry.All.Any(d => d.Group == group && d.Version == version),
            _ => false,
        };
    }

    private static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "33",
        ["gitVersion"] = "v1.33.0-fake",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2025-04-23T00:00:00Z",
        ["goVersion"] = "go1.24.2",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    private JsonObject GroupDocument(string group)
    {
        var document = Group(group, registry.All.First(d => d.Group == group).Version);
        document["kind"] = "APIGroup";
        document["apiVersion"] = "v1";
        return document;
    }

    private static JsonObject Group(string group, string version)
    {
        var groupVersion = new JsonObject { ["groupVersion"] = $"{group}/{version}", ["version"] = version };
        return new JsonObject
        {
            ["name"] = group,
            ["versions"] = new JsonArray(groupVersion),
            ["preferredVersion"] = groupVersion.DeepClone(),
        };
    }

    private JsonObject ResourceList(string group, string version) => new()
    {
        ["kind"] = "APIResourceList",
        ["apiVersion"] = "v1",
        ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
        ["resources"] = new JsonArray(registry.All.Where(d => d.Group == group && d.Version == version).SelectMany(d =>
        {
            var resource = new JsonObject
            {
                ["name"] = d.Plural,
                ["singularName"] = d.Singular,
                ["namespaced"] = d.Namespaced,
                ["kind"] = d.Kind,
                ["verbs"] = new JsonArray(Verbs.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
            };
            if (d.ShortNames.Count > 0)
            {
                resource["shortNames"] = new JsonArray(d.ShortNames.Select(s => (JsonNode)JsonValue.Create(s)).ToArray());
            }

            if (d.Categories.Count > 0)
            {
                resource["categories"] = new JsonArray(d.Categories.Select(s => (JsonNode)JsonValue.Create(s)).ToArray());
            }

            var status = new JsonObject
            {
                ["name"] = $"{d.Plural}/status",
                ["singularName"] = string.Empty,
                ["namespaced"] = d.Namespaced,
                ["kind"] = d.Kind,
                ["verbs"] = new JsonArray("get", "patch", "update"),
            };
            return d.HasStatusSubresource ? new JsonNode[] { resource, status } : [resource];
        }).ToArray()),
    };
}
