using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// The part of strategic merge patch the fake's resources need: maps merge like a merge patch;
/// lists with a patch merge key (ownerReferences by uid, and what the resource registers, e.g.
/// Service spec.ports by port) merge element-wise, honouring <c>$patch: delete</c>; finalizers merge
/// as a set; <c>$setElementOrder</c> and <c>$retainKeys</c> directives are accepted and ignored;
/// every other list is replaced, as for the atomic lists of Endpoints and EndpointSlices.
/// </summary>
internal static class StrategicMergePatch
{
    public static JsonObject Apply(JsonObject target, JsonObject patch, ResourceDefinition definition)
    {
        var keys = new Dictionary<string, string>(definition.StrategicMergeKeys) { ["metadata.ownerReferences"] = "uid" };
        return (JsonObject)Merge(target, patch, string.Empty, keys)!;
    }

    private static JsonNode? Merge(JsonNode? target, JsonNode? patch, string path, Dictionary<string, string> keys)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        if (patchObject.StringOrNull("$patch") == "replace")
        {
            var replacement = patchObject.CloneObject();
            replacement.Remove("$patch");
            return replacement;
        }

        var result = target is JsonObject targetObject ? targetObject.CloneObject() : [];
        foreach (var (key, value) in patchObject)
        {
            if (key.StartsWith("$setElementOrder/", StringComparison.Ordinal) || key == "$retainKeys")
            {
                continue;
            }

            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonArray patchList && childPath == "metadata.finalizers")
            {
                var merged = result[key] as JsonArray ?? [];
                var union = merged.Strings().Concat(patchList.Strings()).Distinct(StringComparer.Ordinal);
                result[key] = new JsonArray(union.Select(f => (JsonNode)JsonValue.Create(f)).ToArray());
            }
            else if (value is JsonArray keyedList && keys.TryGetValue(childPath, out var mergeKey))
            {
                result[key] = MergeList(result[key] as JsonArray ?? [], keyedList, mergeKey, childPath, keys);
            }
            else
            {
                result[key] = Merge(result[key], value, childPath, keys);
            }
        }

        return result;
    }

    private static JsonArray MergeList(JsonArray target, JsonArray patch, string mergeKey, string path, Dictionary<string, string> keys)
    {
        var items = target.Select(n => n?.DeepClone()).ToList();
        foreach (var patchItem in patch.OfType<JsonObject>())
        {
            var keyValue = patchItem[mergeKey];
            var index = items.FindIndex(i => i is JsonObject o && JsonNode.DeepEquals(o[mergeKey], keyValue));
            if (patchItem.StringOrNull("$patch") == "delete")
            {
                if (index >= 0)
                {
                    items.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                items[index] = Merge(items[index], patchItem, path, keys);
            }
            else
            {
                items.Add(patchItem.DeepClone());
            }
        }

        return new JsonArray(items.ToArray());
    }
}
