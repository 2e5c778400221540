using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Reporting.Output;

/// <summary>
/// Writes owned objects as a YAML stream or a JSON List that <c>kubectl</c> accepts as it is; the
/// YAML quotes every string a YAML 1.1 reader would take for another type (<see cref="SafeYaml"/>).
/// </summary>
public static class ObjectStreamWriter
{
    public static async Task WriteYamlAsync(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var obj in objects)
        {
            await output.WriteLineAsync("---");
            await output.WriteAsync(SafeYaml.Write(JsonNode.Parse(KubernetesJson.Serialize(ApplicableObject.From(obj)))));
        }
    }

    public static async Task WriteJsonAsync(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var items = new JsonArray();
        foreach (var obj in objects)
        {
            items.Add(JsonNode.Parse(KubernetesJson.Serialize(ApplicableObject.From(obj))));
        }

        var list = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = items };
        await output.WriteLineAsync(list.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }
}
