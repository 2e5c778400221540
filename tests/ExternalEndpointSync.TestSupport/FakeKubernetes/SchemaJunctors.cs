using System.Globalization;
using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// allOf, anyOf, oneOf and not, as kube-openapi's schemaPropsValidator evaluates them: each branch
/// validates the value at the same path. A failed anyOf or oneOf reports its composite text plus
/// the errors of the failing branch with the highest MatchCount (the first of equals); allOf
/// reports every branch's errors. The composite texts are not field errors in kube-openapi, so
/// apiextensions reports them as <c>field.Invalid(nil, "", text)</c>: field "&lt;nil&gt;".
/// </summary>
internal static class SchemaJunctors
{
    private const string NoField = "<nil>";

    /// <summary>Adds the junctors' errors and returns their MatchCount (the validator's own two included).</summary>
    public static int Check(JsonNode value, JsonObject schema, string path, List<FieldError> errors, bool root)
    {
        var count = 0;
        if (Branches(schema, "anyOf") is { Count: > 0 } anyOf)
        {
            count += AnyOf(value, anyOf, path, errors, root);
        }

        if (Branches(schema, "oneOf") is { Count: > 0 } oneOf)
        {
            count += OneOf(value, oneOf, path, errors, root);
        }

        if (Branches(schema, "allOf") is { Count: > 0 } allOf)
        {
            count += AllOf(value, allOf, path, errors, root);
        }

        if (schema.ObjectOrNull("not") is { } not && Evaluate(value, not, path, root).Valid)
        {
            errors.Add(Composite($"{Quoted(path)} must not validate the schema (not)"));
        }

        return count + 2;
    }

    private static int AnyOf(JsonNode value, List<JsonObject> branches, string path, List<FieldError> errors, bool root)
    {
        Outcome? best = null;
        foreach (var branch in branches)
        {
            var outcome = Evaluate(value, branch, path, root);
            if (outcome.Valid)
            {
                errors.AddRange(outcome.Errors);
                return outcome.MatchCount;
            }

            if (best is null || outcome.MatchCount > best.MatchCount)
            {
                best = outcome;
            }
        }

        errors.Add(Composite($"{Quoted(path)} must validate at least one schema (anyOf)"));
        errors.AddRange(best!.Errors);
        return best.MatchCount;
    }

    private static int OneOf(JsonNode value, List<JsonObject> branches, string path, List<FieldError> errors, bool root)
    {
        Outcome? best = null;
        Outcome? firstSuccess = null;
        var validated = 0;
        foreach (var branch in branches)
        {
            var outcome = Evaluate(value, branch, path, root);
            if (outcome.Valid)
            {
                validated++;
                firstSuccess ??= outcome;
            }
            else if (validated == 0 && (best is null || outcome.MatchCount > best.MatchCount))
            {
                best = outcome;
            }
        }

        if (validated == 1)
        {
            return firstSuccess!.MatchCount;
        }

        var found = validated == 0 ? "Found none valid" : string.Create(CultureInfo.InvariantCulture, $"Found {validated} valid alternatives");
        errors.Add(Composite($"{Quoted(path)} must validate one and only one schema (oneOf). {found}"));
        if (validated > 0)
        {
            return 0;
        }

        errors.AddRange(best!.Errors);
        return best.MatchCount;
    }

    private static int AllOf(JsonNode value, List<JsonObject> branches, string path, List<FieldError> errors, bool root)
    {
        var count = 0;
        var validated = 0;
        foreach (var branch in branches)
        {
            var outcome = Evaluate(value, branch, path, root);
            validated += outcome.Valid ? 1 : 0;
            errors.AddRange(outcome.Errors);
            count += outcome.MatchCount;
        }

        if (validated != branches.Count)
        {
            errors.Add(Composite($"{Quoted(path)} must validate all the schemas (allOf){(validated == 0 ? ". None validated" : string.Empty)}"));
        }

        return count;
    }

    private static Outcome Evaluate(JsonNode value, JsonObject branch, string path, bool root)
    {
        var errors = new List<FieldError>();
        var count = OpenApiSchemaValidation.Check(value, branch, path, errors, root);
        return new Outcome(errors, count);
    }

    private static List<JsonObject> Branches(JsonObject schema, string keyword) => [.. (schema.ArrayOrNull(keyword) ?? []).OfType<JsonObject>()];

    private static FieldError Composite(string text) => FieldError.Invalid(NoField, "\"\"", text);

    private static string Quoted(string path) => JsonNodeExtensions.Quote(path);

    private sealed record Outcome(List<FieldError> Errors, int MatchCount)
    {
        public bool Valid => Errors.Count == 0;
    }
}
