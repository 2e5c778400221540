using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>One validation failure, shaped like apimachinery's <c>field.Error</c>.</summary>
public sealed record FieldError(string Reason, string Field, string Body)
{
    /// <summary>The text Kubernetes prints for the error: <c>field: body</c>.</summary>
    public override string ToString() => $"{Field}: {Body}";

    public static FieldError Required(string field, string detail = "") =>
        new("FieldValueRequired", field, Suffix("Required value", detail));

    public static FieldError Invalid(string field, JsonNode? value, string detail) =>
        new("FieldValueInvalid", field, Suffix($"Invalid value: {value.ToGoValue()}", detail));

    public static FieldError Invalid(string field, string renderedValue, string detail) =>
        new("FieldValueInvalid", field, Suffix($"Invalid value: {renderedValue}", detail));

    public static FieldError NotSupported(string field, JsonNode? value, IEnumerable<string> supported) =>
        new("FieldValueNotSupported", field,
            $"Unsupported value: {value.ToGoValue()}: supported values: {string.Join(", ", supported.Order(StringComparer.Ordinal).Select(JsonNodeExtensions.Quote))}");

    public static FieldError Duplicate(string field, string renderedValue) =>
        new("FieldValueDuplicate", field, $"Duplicate value: {renderedValue}");

    public static FieldError Forbidden(string field, string detail) =>
        new("FieldValueForbidden", field, Suffix("Forbidden", detail));

    public static FieldError TooLong(string field, int max) =>
        new("FieldValueTooLong", field, $"Too long: may not be more than {max} bytes");

    public static FieldError TooMany(string field, int actual, int max) =>
        new("FieldValueTooMany", field, $"Too many: {actual}: must have at most {max} items");

    private static string Suffix(string head, string detail) => detail.Length == 0 ? head : $"{head}: {detail}";
}
