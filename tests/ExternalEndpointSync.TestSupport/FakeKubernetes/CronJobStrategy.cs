using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// batch/v1 CronJob: a name of at most 52 characters (the controller appends the job's 11-character
/// suffix), a standard cron schedule (five fields or a @-macro, as robfig/cron's standard parser takes),
/// a known concurrencyPolicy and a valid job pod template.
/// </summary>
internal sealed partial class CronJobStrategy : ResourceStrategy
{
    private const int MaxNameLength = 52;

    private static readonly string[] ConcurrencyPolicies = ["Allow", "Forbid", "Replace"];

    private static readonly string[] Macros = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

    private static readonly (int Min, int Max, string[] Names)[] Fields =
    [
        (0, 59, []),
        (0, 23, []),
        (1, 31, []),
        (1, 12, ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]),
        (0, 6, ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]),
    ];

    public override IReadOnlyList<string> ValidateName(string name, bool prefix)
    {
        var problems = NameRules.Check(NameRules.Dns1123Subdomain, name, prefix);
        return !prefix && name.Length > MaxNameLength ? [.. problems, $"must be no more than {MaxNameLength} characters"] : problems;
    }

    public override IEnumerable<FieldError> Validate(JsonObject obj)
    {
        var spec = obj.ObjectOrNull("spec");
        var schedule = spec.StringOrNull("schedule");
        if (string.IsNullOrEmpty(schedule))
        {
            yield return FieldError.Required("spec.schedule");
        }
        else if (ScheduleProblem(schedule) is { } problem)
        {
            yield return FieldError.Invalid("spec.schedule", JsonValue.Create(schedule), problem);
        }

        if (spec.StringOrNull("concurrencyPolicy") is { } policy && !ConcurrencyPolicies.Contains(policy))
        {
            yield return FieldError.NotSupported("spec.concurrencyPolicy", spec!["concurrencyPolicy"], ConcurrencyPolicies);
        }

        foreach (var error in PodTemplateRules.Template(spec.ObjectOrNull("jobTemplate").ObjectOrNull("spec").ObjectOrNull("template"), "spec.jobTemplate.spec.template"))
        {
            yield return error;
        }
    }

    public static string? ScheduleProblem(string schedule)
    {
        if (schedule.StartsWith('@'))
        {
            return Macros.Contains(schedule, StringComparer.Ordinal) || EveryMacro().IsMatch(schedule) ? null : $"unrecognized descriptor: {schedule}";
        }

        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != Fields.Length)
        {
            return $"expected exactly 5 fields, found {fields.Length}: {schedule}";
        }

        for (var index = 0; index < fields.Length; index++)
        {
            foreach (var range in fields[index].Split(','))
            {
                if (!RangeIsValid(range, Fields[index]))
                {
                    return $"failed to parse int from {range}: invalid syntax";
                }
            }
        }

        return null;
    }

    private static bool RangeIsValid(string range, (int Min, int Max, string[] Names) field)
    {
        var parts = range.Split('/');
        if (parts.Length > 2 || (parts.Length == 2 && (!int.TryParse(parts[1], out var step) || step < 1)))
        {
            return false;
        }

        if (parts[0] is "*" or "?")
        {
            return true;
        }

        var bounds = parts[0].Split('-');
        return bounds.Length <= 2 && bounds.All(bound => Value(bound, field) is { } value && value >= field.Min && value <= field.Max);
    }

    private static int? Value(string text, (int Min, int Max, string[] Names) field) =>
        int.TryParse(text, out var number) ? number
        : Array.IndexOf(field.Names, text.ToLowerInvariant()) is >= 0 and var index ? index + field.Min
        : null;

    [GeneratedRegex(@"^@every [0-9]+(ns|us|µs|ms|s|m|h)([0-9]+(ns|us|µs|ms|s|m|h))*$")]
    private static partial Regex EveryMacro();
}
