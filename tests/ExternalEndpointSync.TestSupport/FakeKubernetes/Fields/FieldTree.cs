using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes.Fields;

/// <summary>
/// The JSON field names a Go type declares, as a tree built from paths such as
/// <c>spec.ports[].name</c> (<c>[]</c>: a list whose items have the fields below) and
/// <c>metadata.labels{}</c> (a map: any key). A path that ends without children is a leaf whose
/// value is not looked into (scalars, string lists, opaque JSON such as managedFields' fieldsV1).
/// </summary>
internal sealed class FieldTree
{
    private readonly Dictionary<string, FieldTree> children = new(StringComparer.Ordinal);
    private bool anyKey;

    public static FieldTree From(IEnumerable<string> paths)
    {
        var root = new FieldTree();
        foreach (var path in paths)
        {
            var node = root;
            foreach (var raw in path.Split('.'))
            {
                var map = raw.EndsWith("{}", StringComparison.Ordinal);
                var name = map ? raw[..^2] : raw.EndsWith("[]", StringComparison.Ordinal) ? raw[..^2] : raw;
                if (!node.children.TryGetValue(name, out var child))
                {
                    child = new FieldTree();
                    node.children[name] = child;
                }

                child.anyKey |= map;
                node = child;
            }
        }

        return root;
    }

    /// <summary>
    /// Removes every field the type does not declare, as Go's decoder drops them, and records their
    /// paths in document order the way sigs.k8s.io/json names them (<c>spec.ports[0].foo</c>).
    /// </summary>
    public void DropUnknown(JsonNode? node, List<string> unknown) => Walk(node, string.Empty, unknown, keyOrder: false);

    /// <summary>
    /// The same below <paramref name="path"/>, in key order at every level: a custom resource's
    /// metadata is re-marshalled from a map (Go sorts its keys) before it is strictly decoded
    /// (apiextensions objectmeta <c>GetObjectMetaWithOptions</c>).
    /// </summary>
    public void DropUnknownInKeyOrder(JsonNode? node, string path, List<string> unknown) => Walk(node, path, unknown, keyOrder: true);

    private void Walk(JsonNode? node, string path, List<string> unknown, bool keyOrder)
    {
        if (anyKey || children.Count == 0)
        {
            return;
        }

        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{path}[{i}]", unknown, keyOrder);
                }

                break;
            case JsonObject obj:
                var fields = keyOrder ? obj.OrderBy(p => p.Key, StringComparer.Ordinal).ToList() : obj.ToList();
                foreach (var (name, value) in fields)
                {
                    var childPath = path.Length == 0 ? name : $"{path}.{name}";
                    if (children.TryGetValue(name, out var child))
                    {
                        child.Walk(value, childPath, unknown, keyOrder);
                    }
                    else
                    {
                        unknown.Add(childPath);
                        obj.Remove(name);
                    }
                }

                break;
        }
    }
}
