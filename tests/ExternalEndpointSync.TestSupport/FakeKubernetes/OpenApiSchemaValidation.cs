using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// A custom resource checked against its version's openAPIV3Schema as apiextensions-apiserver does
/// (kube-openapi's validate package, its errors converted by <c>ValidateCustomResource</c>): a
/// type mismatch stops the checks of that node; enum, required, maxLength and maxItems become
/// NotSupported, Required, TooLong and TooMany; every other failure is Invalid with kube-openapi's
/// "&lt;path&gt; in body should ..." text. metadata, apiVersion and kind are the API server's.
/// allOf, anyOf, oneOf and not are <see cref="SchemaJunctors"/>; like kube-openapi's Result, the
/// list keeps one of each error. Each check returns kube-openapi's MatchCount (one per validator
/// that applies, plus one per schema), which decides whose errors a failed anyOf or oneOf reports.
/// </summary>
internal static class OpenApiSchemaValidation
{
    private static readonly string[] ServerFields = ["metadata", "apiVersion", "kind"];

    public static IEnumerable<FieldError> Validate(JsonObject obj, JsonObject schema)
    {
        var errors = new List<FieldError>();
        Check(obj, schema, string.Empty, errors, root: true);
        return errors.Distinct();
    }

    /// <summary>Adds the errors of <paramref name="value"/> against <paramref name="schema"/> and returns its MatchCount.</summary>
    internal static int Check(JsonNode? value, JsonObject schema, string path, List<FieldError> errors, bool root = false)
    {
        if (value is null)
        {
            if (schema.BooleanOrNull("nullable") != true && schema.StringOrNull("type") is { Length: > 0 } wanted)
            {
                errors.Add(TypeInvalid(path, value, wanted, "null"));
            }

            return 0;
        }

        var typeApplies = !string.IsNullOrEmpty(schema.StringOrNull("type")) || schema["format"] is not null || schema.BooleanOrNull("x-kubernetes-int-or-string") == true;
        var typed = TypeMatches(value, schema, path, errors);

        // kube-openapi runs the junctors whatever the value's type: a string where an object
        // belongs still fails (or passes) the object's oneOf.
        var count = (typeApplies ? 1 : 0) + SchemaJunctors.Check(value, schema, path, errors, root);
        if (!typed)
        {
            return count;
        }

        count += value switch
        {
            JsonObject obj => CheckObject(obj, schema, path, errors, root),
            JsonArray array => CheckArray(array, schema, path, errors),
            JsonValue scalar => CheckScalar(scalar, schema, path, errors),
            _ => 0,
        };

        // The enum check (basicCommonValidator) applies to every value, and each schema counts itself.
        return count + 2;
    }

    private static bool TypeMatches(JsonNode value, JsonObject schema, string path, List<FieldError> errors)
    {
        var actual = TypeName(value);
        if (schema.BooleanOrNull("x-kubernetes-int-or-string") == true)
        {
            if (actual is "integer" or "string")
            {
                return true;
            }

            errors.Add(TypeInvalid(path, value, "integer,string", actual));
            return false;
        }

        var wanted = schema.StringOrNull("type");
        if (string.IsNullOrEmpty(wanted) || wanted == actual || (wanted == "number" && actual == "integer"))
        {
            return true;
        }

        errors.Add(TypeInvalid(path, value, wanted, actual));
        return false;
    }

    private static int CheckObject(JsonObject obj, JsonObject schema, string path, List<FieldError> errors, bool root)
    {
        var count = 1;
        foreach (var name in schema.ArrayOrNull("required").Strings())
        {
            if (!obj.ContainsKey(name) && !(root && ServerFields.Contains(name)))
            {
                errors.Add(FieldError.Required(Child(path, name)));
            }
        }

        var properties = schema.ObjectOrNull("properties");
        var additional = schema.ObjectOrNull("additionalProperties");
        foreach (var (name, child) in obj)
        {
            if (root && ServerFields.Contains(name))
            {
                continue;
            }

            if (properties?[name] is JsonObject childSchema)
            {
                count += Check(child, childSchema, Child(path, name), errors);
            }
            else if (additional is not null)
            {
                count += Check(child, additional, Child(path, name), errors);
            }
        }

        if (schema.IntegerOrNull("maxProperties") is { } maxProperties && obj.Count > maxProperties)
        {
            errors.Add(FieldError.TooMany(path, obj.Count, (int)maxProperties));
        }

        if (schema.IntegerOrNull("minProperties") is { } minProperties && obj.Count < minProperties)
        {
            errors.Add(Invalid(path, obj, $"should have at least {minProperties} properties"));
        }

        return count;
    }

    private static int CheckArray(JsonArray array, JsonObject schema, string path, List<FieldError> errors)
    {
        var count = 1;
        if (schema.IntegerOrNull("minItems") is { } minItems && array.Count < minItems)
        {
            errors.Add(Invalid(path, array, $"should have at least {minItems} items"));
        }

        if (schema.IntegerOrNull("maxItems") is { } maxItems && array.Count > maxItems)
        {
            errors.Add(FieldError.TooMany(path, array.Count, (int)maxItems));
        }

        if (schema.ObjectOrNull("items") is { } items)
        {
            for (var index = 0; index < array.Count; index++)
            {
                count += Check(array[index], items, $"{path}[{index}]", errors);
            }
        }

        errors.AddRange(ListTypeRules.Validate(array, schema, path));
        return count;
    }

    /// <summary>The enum, string, format and number checks; returns how many of the string, format and number validators applied.</summary>
    private static int CheckScalar(JsonValue value, JsonObject schema, string path, List<FieldError> errors)
    {
        if (schema.ArrayOrNull("enum") is { } allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add(new FieldError("FieldValueNotSupported", path,
                $"Unsupported value: {value.ToGoValue()}: supported values: {string.Join(", ", allowed.Select(a => a is JsonValue s && s.GetValueKind() == JsonValueKind.String ? JsonNodeExtensions.Quote(s.GetValue<string>()) : JsonNodeExtensions.Quote(a?.ToJsonString() ?? "null")))}"));
        }

        if (value.GetValueKind() == JsonValueKind.String)
        {
            CheckString(value.GetValue<string>(), value, schema, path, errors);
            return schema["format"] is null ? 1 : 2;
        }

        if (value.GetValueKind() == JsonValueKind.Number)
        {
            CheckNumber(value.GetValue<double>(), value, schema, path, errors);
            return 1;
        }

        return 0;
    }

    private static void CheckString(string text, JsonValue value, JsonObject schema, string path, List<FieldError> errors)
    {
        var length = text.EnumerateRunes().Count();
        if (schema.IntegerOrNull("maxLength") is { } maxLength && length > maxLength)
        {
            errors.Add(FieldError.TooLong(path, (int)maxLength));
        }

        if (schema.IntegerOrNull("minLength") is { } minLength && length < minLength)
        {
            errors.Add(Invalid(path, value, $"should be at least {minLength} chars long"));
        }

        if (schema.StringOrNull("pattern") is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            errors.Add(Invalid(path, value, $"should match '{pattern}'"));
        }

        if (schema.StringOrNull("format") is { } format && !SchemaFormats.Accepts(format, text))
        {
            errors.Add(TypeInvalid(path, value, format, text));
        }
    }

    private static void CheckNumber(double number, JsonValue value, JsonObject schema, string path, List<FieldError> errors)
    {
        if (Number(schema, "maximum") is { } maximum)
        {
            var exclusive = schema.BooleanOrNull("exclusiveMaximum") == true;
            if (exclusive ? number >= maximum : number > maximum)
            {
                errors.Add(Invalid(path, value, $"should be less than {(exclusive ? string.Empty : "or equal to ")}{Go(maximum)}"));
            }
        }

        if (Number(schema, "minimum") is { } minimum)
        {
            var exclusive = schema.BooleanOrNull("exclusiveMinimum") == true;
            if (exclusive ? number <= minimum : number < minimum)
            {
                errors.Add(Invalid(path, value, $"should be greater than {(exclusive ? string.Empty : "or equal to ")}{Go(minimum)}"));
            }
        }

        if (Number(schema, "multipleOf") is { } factor && factor != 0 && Math.IEEERemainder(number, factor) != 0)
        {
            errors.Add(Invalid(path, value, $"should be a multiple of {Go(factor)}"));
        }
    }

    private static double? Number(JsonObject schema, string key) =>
        schema[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : null;

    private static string Go(double number) => number.ToString("R", CultureInfo.InvariantCulture);

    private static string TypeName(JsonNode value) => value switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => Math.Floor(v.GetValue<double>()) == v.GetValue<double>() && !v.ToJsonString().Contains('.', StringComparison.Ordinal) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };

    /// <summary>field.TypeInvalid around kube-openapi's InvalidType: "&lt;path&gt; in body must be of type &lt;t&gt;: "&lt;actual&gt;"".</summary>
    private static FieldError TypeInvalid(string path, JsonNode? value, string wanted, string actual) =>
        new("FieldValueTypeInvalid", path, $"Invalid value: {Rendered(value)}: {path} in body must be of type {wanted}: {JsonNodeExtensions.Quote(actual)}");

    private static FieldError Invalid(string path, JsonNode value, string detail) =>
        FieldError.Invalid(path, Rendered(value), $"{path} in body {detail}");

    private static string Rendered(JsonNode? value) => value.ToGoValue();

    private static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
