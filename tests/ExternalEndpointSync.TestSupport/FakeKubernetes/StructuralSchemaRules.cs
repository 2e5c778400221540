using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// apiextensions' ValidateStructural for one openAPIV3Schema: a type on every node unless it is
/// int-or-string or preserves unknown fields, an object at the root, items on every array, never
/// properties with additionalProperties; inside allOf, anyOf, oneOf and not only value validations
/// (no type, description, default, additionalProperties, nullable, list or map types, CEL rules,
/// metadata), except the two int-or-string patterns; and what the root's junctors constrain is
/// declared outside them too (apiextensions checks this completeness for the root's junctors only).
/// The errors come sorted by their text, as apiextensions sorts them.
/// </summary>
internal static class StructuralSchemaRules
{
    private enum Level
    {
        Root,
        Item,
        Field,
    }

    private static readonly string[] Junctors = ["allOf", "anyOf", "oneOf"];

    private static readonly (string Key, string Message)[] ForbiddenNested =
    [
        ("type", "must be empty to be structural"),
        ("additionalProperties", "must be undefined to be structural"),
        ("default", "must be undefined to be structural"),
        ("title", "must be empty to be structural"),
        ("description", "must be empty to be structural"),
        ("nullable", "must be false to be structural"),
        ("externalDocs", "must be undefined to be structural"),
        ("x-kubernetes-preserve-unknown-fields", "must be false to be structural"),
        ("x-kubernetes-embedded-resource", "must be false to be structural"),
        ("x-kubernetes-int-or-string", "must be false to be structural"),
        ("x-kubernetes-list-map-keys", "must be empty to be structural"),
        ("x-kubernetes-list-type", "must be undefined to be structural"),
        ("x-kubernetes-map-type", "must be undefined to be structural"),
        ("x-kubernetes-validations", "must be empty to be structural"),
    ];

    public static IEnumerable<FieldError> Validate(JsonObject schema, string path)
    {
        var errors = new List<FieldError>();
        Invariants(schema, Level.Root, path, errors);
        Completeness(schema, schema, path, path, errors);
        return errors.OrderBy(error => error.ToString(), StringComparer.Ordinal);
    }

    private static void Invariants(JsonObject? node, Level level, string path, List<FieldError> errors)
    {
        if (node is null)
        {
            return;
        }

        var type = node.StringOrNull("type") ?? string.Empty;
        if (type == "array" && node["items"] is null)
        {
            errors.Add(FieldError.Required($"{path}.items", "must be specified"));
        }

        Invariants(node.ObjectOrNull("items"), Level.Item, $"{path}.items", errors);
        foreach (var (name, child) in node.ObjectOrNull("properties") ?? [])
        {
            Invariants(child as JsonObject, Level.Field, $"{path}.properties[{name}]", errors);
        }

        if (node["additionalProperties"] is not null)
        {
            if (level == Level.Root)
            {
                errors.Add(FieldError.Forbidden($"{path}.additionalProperties", "must not be used at the root"));
            }

            if (node["properties"] is not null)
            {
                errors.Add(FieldError.Forbidden($"{path}.additionalProperties", "additionalProperties and properties are mutual exclusive"));
            }

            Invariants(node.ObjectOrNull("additionalProperties"), Level.Field, $"{path}.additionalProperties", errors);
        }

        ValueValidation(node, IsIntOrStringAnyOf(node), IsIntOrStringAllOf(node), path, errors);

        var exempt = node.BooleanOrNull("x-kubernetes-int-or-string") == true || node.BooleanOrNull("x-kubernetes-preserve-unknown-fields") == true;
        if (type.Length == 0 && !exempt)
        {
            errors.Add(FieldError.Required($"{path}.type", level switch
            {
                Level.Root => "must not be empty at the root",
                Level.Item => "must not be empty for specified array items",
                _ => "must not be empty for specified object fields",
            }));
        }

        if (level == Level.Root && type.Length > 0 && type != "object")
        {
            errors.Add(FieldError.Invalid($"{path}.type", node["type"], "must be object at the root"));
        }
    }

    private static void ValueValidation(JsonObject node, bool skipAnyOf, bool skipFirstAllOfAnyOf, string path, List<FieldError> errors)
    {
        foreach (var junctor in Junctors)
        {
            if (junctor == "anyOf" && skipAnyOf)
            {
                continue;
            }

            var branches = node.ArrayOrNull(junctor) ?? [];
            for (var index = 0; index < branches.Count; index++)
            {
                var skipBranchAnyOf = junctor == "allOf" && index == 0 && skipFirstAllOfAnyOf;
                Nested(branches[index] as JsonObject, skipBranchAnyOf, $"{path}.{junctor}[{index}]", errors);
            }
        }

        Nested(node.ObjectOrNull("not"), skipAnyOf: false, $"{path}.not", errors);
    }

    private static void Nested(JsonObject? branch, bool skipAnyOf, string path, List<FieldError> errors)
    {
        if (branch is null)
        {
            return;
        }

        ValueValidation(branch, skipAnyOf, skipFirstAllOfAnyOf: false, path, errors);
        Nested(branch.ObjectOrNull("items"), skipAnyOf: false, $"{path}.items", errors);
        foreach (var (name, child) in branch.ObjectOrNull("properties") ?? [])
        {
            Nested(child as JsonObject, skipAnyOf: false, $"{path}.properties[{name}]", errors);
        }

        foreach (var (key, message) in ForbiddenNested)
        {
            if (IsSet(branch[key]))
            {
                errors.Add(FieldError.Forbidden($"{path}.{key}", message));
            }
        }

        if (branch.ObjectOrNull("properties")?.ContainsKey("metadata") == true)
        {
            errors.Add(FieldError.Forbidden($"{path}.properties[metadata]", "must not be specified in a nested context"));
        }
    }

    /// <summary>What a junctor's branch says about fields and items must be declared by <paramref name="structural"/> too.</summary>
    private static void Completeness(JsonObject branch, JsonObject? structural, string structuralPath, string branchPath, List<FieldError> errors)
    {
        foreach (var junctor in Junctors)
        {
            var branches = branch.ArrayOrNull(junctor) ?? [];
            for (var index = 0; index < branches.Count; index++)
            {
                NestedCompleteness(branches[index] as JsonObject, structural, structuralPath, $"{branchPath}.{junctor}[{index}]", errors);
            }
        }

        NestedCompleteness(branch.ObjectOrNull("not"), structural, structuralPath, $"{branchPath}.not", errors);
    }

    private static void NestedCompleteness(JsonObject? branch, JsonObject? structural, string structuralPath, string branchPath, List<FieldError> errors)
    {
        if (branch is null)
        {
            return;
        }

        if (structural is null)
        {
            errors.Add(FieldError.Required(structuralPath, $"because it is defined in {branchPath}"));
            return;
        }

        Completeness(branch, structural, structuralPath, branchPath, errors);
        NestedCompleteness(branch.ObjectOrNull("items"), structural.ObjectOrNull("items"), $"{structuralPath}.items", $"{branchPath}.items", errors);
        foreach (var (name, child) in branch.ObjectOrNull("properties") ?? [])
        {
            var childPath = $"{structuralPath}.properties[{name}]";
            if (structural.ObjectOrNull("properties")?[name] is JsonObject declared)
            {
                NestedCompleteness(child as JsonObject, declared, childPath, $"{branchPath}.properties[{name}]", errors);
            }
            else
            {
                errors.Add(FieldError.Required(childPath, $"because it is defined in {branchPath}.properties[{name}]"));
            }
        }
    }

    /// <summary>Whether a keyword carries a value the Go struct would keep (not false, empty or null).</summary>
    private static bool IsSet(JsonNode? value) => value switch
    {
        null => false,
        JsonValue v when v.TryGetValue<bool>(out var flag) => flag,
        JsonValue v when v.TryGetValue<string>(out var text) => text.Length > 0,
        JsonArray array => array.Count > 0,
        _ => true,
    };

    private static bool IsIntOrStringAnyOf(JsonObject? node) =>
        node?.ArrayOrNull("anyOf") is [JsonObject integer, JsonObject text] &&
        JsonNode.DeepEquals(integer, new JsonObject { ["type"] = "integer" }) &&
        JsonNode.DeepEquals(text, new JsonObject { ["type"] = "string" });

    private static bool IsIntOrStringAllOf(JsonObject node) =>
        node.ArrayOrNull("allOf") is [JsonObject first, ..] && IsIntOrStringAnyOf(first);
}
