using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes.Fields;

/// <summary>
/// The <c>fieldValidation</c> query parameter (KEP-2885; apiserver handlers/rest.go <c>fieldValidation</c>,
/// apimachinery meta/v1/validation <c>ValidateFieldValidation</c>): Warn by default, Ignore, or Strict.
/// Go's decoder drops unknown fields and lets the last repeated key win in every mode; the mode only
/// decides whether the client hears about it.
/// </summary>
internal sealed class FieldValidation
{
    private static readonly string[] Allowed = [string.Empty, "Ignore", "Warn", "Strict"];
    private readonly string directive;

    private FieldValidation(string directive) => this.directive = directive;

    public bool Reports => directive is "Warn" or "Strict";

    /// <summary>Reads the directive of a create, update or patch; an unknown value is 422 on its options kind.</summary>
    public static FieldValidation Parse(string? value, string verb)
    {
        var sent = value ?? string.Empty;
        if (!Allowed.Contains(sent, StringComparer.Ordinal))
        {
            var options = verb switch { "create" => "CreateOptions", "update" => "UpdateOptions", _ => "PatchOptions" };
            throw new ApiStatusException(ApiStatus.Invalid("meta.k8s.io", options, $"{options}.meta.k8s.io", string.Empty,
                [FieldError.NotSupported("fieldValidation", JsonValue.Create(sent), Allowed)]));
        }

        return new FieldValidation(sent.Length == 0 ? "Warn" : sent);
    }

    /// <summary>
    /// A create or update body: Strict refuses with transformDecodeError's 400 (handlers/create.go,
    /// update.go), Warn answers each problem as a Warning header (addStrictDecodingWarnings).
    /// </summary>
    public void Decoded(ResourceDefinition definition, IReadOnlyList<string> problems, Action<string> warn)
    {
        if (problems.Count == 0 || directive == "Ignore")
        {
            return;
        }

        if (directive == "Strict")
        {
            throw new ApiStatusException(ApiStatus.BadRequest(
                $"{definition.Kind} in version \"{definition.Version}\" cannot be handled as a {definition.Kind}: {StrictDecodingError(problems)}"));
        }

        foreach (var problem in problems)
        {
            warn(problem);
        }
    }

    /// <summary>
    /// A patch: Strict is the patcher's 422 on the field <c>patch</c> with an empty kind and name
    /// (handlers/patch.go applyPatchToCurrentObject / applyPatchToObject), Warn the same warnings.
    /// </summary>
    public void Patched(string renderedPatch, IReadOnlyList<string> problems, Action<string> warn)
    {
        if (problems.Count == 0 || directive == "Ignore")
        {
            return;
        }

        if (directive == "Strict")
        {
            throw new ApiStatusException(ApiStatus.Invalid(string.Empty, string.Empty, string.Empty, string.Empty,
                [FieldError.Invalid("patch", JsonNodeExtensions.Quote(renderedPatch), StrictDecodingError(problems))]));
        }

        foreach (var problem in problems)
        {
            warn(problem);
        }
    }

    /// <summary>runtime.NewStrictDecodingError's text.</summary>
    private static string StrictDecodingError(IReadOnlyList<string> problems) => $"strict decoding error: {string.Join(", ", problems)}";

    public static string Unknown(string path) => $"unknown field {JsonNodeExtensions.Quote(path)}";

    public static string Duplicate(string path) => $"duplicate field {JsonNodeExtensions.Quote(path)}";
}
