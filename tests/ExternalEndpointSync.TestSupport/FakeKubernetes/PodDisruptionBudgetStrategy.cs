using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>policy/v1 PodDisruptionBudget: minAvailable or maxUnavailable, not both, each a count ≥ 0 or a percentage.</summary>
internal sealed partial class PodDisruptionBudgetStrategy : ResourceStrategy
{
    public override IReadOnlyList<string> ValidateName(string name, bool prefix) => NameRules.Check(NameRules.Dns1123Subdomain, name, prefix);

    public override IEnumerable<FieldError> Validate(JsonObject obj)
    {
        var spec = obj.ObjectOrNull("spec");
        if (spec?["minAvailable"] is not null && spec["maxUnavailable"] is not null)
        {
            yield return FieldError.Invalid("spec", spec, "minAvailable and maxUnavailable cannot be both set");
        }

        foreach (var field in new[] { "minAvailable", "maxUnavailable" })
        {
            if (spec?[field] is { } value && IntOrPercentProblem(value) is { } problem)
            {
                yield return FieldError.Invalid($"spec.{field}", value, problem);
            }
        }
    }

    private static string? IntOrPercentProblem(JsonNode value) => value.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.Number => value.GetValue<long>() >= 0 ? null : "must be greater than or equal to 0",
        System.Text.Json.JsonValueKind.String => Percent().Match(value.GetValue<string>()) is { Success: true } match
            ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) <= 100 ? null : "must not be greater than 100%"
            : "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
        _ => "must be an integer or a percentage",
    };

    [GeneratedRegex("^([0-9]+)%$")]
    private static partial Regex Percent();
}
