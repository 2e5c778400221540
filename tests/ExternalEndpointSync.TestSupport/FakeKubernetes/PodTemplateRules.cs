using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// The pod template rules a workload's manifest can get wrong: containers present, their names
/// DNS-1123 labels unique in the pod, an image each, port names IANA service names unique per
/// container, port numbers in range, and a selector that matches the template's labels.
/// </summary>
internal static partial class PodTemplateRules
{
    public static IEnumerable<FieldError> Template(JsonObject? template, string path)
    {
        var spec = template.ObjectOrNull("spec");
        var containers = spec.ArrayOrNull("containers");
        if (containers is not { Count: > 0 })
        {
            yield return FieldError.Required($"{path}.spec.containers");
            yield break;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (list, items) in new[] { ("initContainers", spec.ArrayOrNull("initContainers") ?? []), ("containers", containers) })
        {
            for (var index = 0; index < items.Count; index++)
            {
                foreach (var error in Container(items[index] as JsonObject ?? [], $"{path}.spec.{list}[{index}]", names))
                {
                    yield return error;
                }
            }
        }
    }

    /// <summary>A selector must select the template: every matchLabels pair among the template's labels.</summary>
    public static IEnumerable<FieldError> SelectorMatchesTemplate(JsonObject obj, string selectorPath, string templatePath)
    {
        var selector = obj.ObjectOrNull("spec").ObjectOrNull("selector");
        var matchLabels = selector.ObjectOrNull("matchLabels").StringMap();
        if (matchLabels.Count == 0 && selector.ArrayOrNull("matchExpressions") is not { Count: > 0 })
        {
            yield return FieldError.Invalid(selectorPath, selector, "empty selector is invalid for deployment");
            yield break;
        }

        var labels = Find(obj, templatePath).ObjectOrNull("metadata").ObjectOrNull("labels").StringMap();
        if (matchLabels.Any(pair => !labels.TryGetValue(pair.Key, out var value) || value != pair.Value))
        {
            var rendered = string.Join(",", labels.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}:{pair.Value}"));
            yield return FieldError.Invalid($"{templatePath}.metadata.labels", $"map[string]string{{{rendered}}}", "`selector` does not match template `labels`");
        }
    }

    private static JsonObject? Find(JsonObject obj, string path) =>
        path.Split('.').Aggregate<string, JsonObject?>(obj, (node, key) => node.ObjectOrNull(key));

    private static IEnumerable<FieldError> Container(JsonObject container, string path, HashSet<string> names)
    {
        var name = container.StringOrNull("name");
        if (string.IsNullOrEmpty(name))
        {
            yield return FieldError.Required($"{path}.name");
        }
        else
        {
            foreach (var error in NameRules.Field(NameRules.Dns1123Label, $"{path}.name", name))
            {
                yield return error;
            }

            if (!names.Add(name))
            {
                yield return FieldError.Duplicate($"{path}.name", JsonNodeExtensions.Quote(name));
            }
        }

        if (string.IsNullOrWhiteSpace(container.StringOrNull("image")))
        {
            yield return FieldError.Required($"{path}.image");
        }

        var portNames = new HashSet<string>(StringComparer.Ordinal);
        var ports = container.ArrayOrNull("ports") ?? [];
        for (var index = 0; index < ports.Count; index++)
        {
            var port = ports[index] as JsonObject ?? [];
            var portPath = $"{path}.ports[{index}]";
            if (port.StringOrNull("name") is { } portName)
            {
                if (IanaServiceName(portName) is { } problem)
                {
                    yield return FieldError.Invalid($"{portPath}.name", JsonValue.Create(portName), problem);
                }
                else if (!portNames.Add(portName))
                {
                    yield return FieldError.Duplicate($"{portPath}.name", JsonNodeExtensions.Quote(portName));
                }
            }

            if (port.IntegerOrNull("containerPort") is not (>= 1 and <= 65535))
            {
                yield return FieldError.Invalid($"{portPath}.containerPort", port["containerPort"], "must be between 1 and 65535, inclusive");
            }
        }
    }

    /// <summary>apimachinery's IsValidPortName: at most 15 characters, lower-case letters, digits and '-', a letter somewhere, no '--', no '-' at either end.</summary>
    public static string? IanaServiceName(string name) =>
        name.Length > 15 ? "must be no more than 15 characters"
        : !IanaCharacters().IsMatch(name) ? "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"
        : !name.Any(char.IsAsciiLetter) ? "must contain at least one letter (a-z)"
        : name.Contains("--", StringComparison.Ordinal) ? "must not contain consecutive hyphens"
        : name.StartsWith('-') || name.EndsWith('-') ? "must not begin or end with a hyphen"
        : null;

    [GeneratedRegex("^[-a-z0-9]+$")]
    private static partial Regex IanaCharacters();
}
