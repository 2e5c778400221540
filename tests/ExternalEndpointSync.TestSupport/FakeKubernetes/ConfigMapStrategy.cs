using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>v1 ConfigMap: keys of data and binaryData are config keys, never in both, and all of it at most 1 MiB.</summary>
internal sealed partial class ConfigMapStrategy : ResourceStrategy
{
    private const int MaxTotalBytes = 1024 * 1024;

    public override IReadOnlyList<string> ValidateName(string name, bool prefix) => NameRules.Check(NameRules.Dns1123Subdomain, name, prefix);

    public override IEnumerable<FieldError> Validate(JsonObject obj)
    {
        var total = 0L;
        var data = obj.ObjectOrNull("data");
        var binary = obj.ObjectOrNull("binaryData");
        foreach (var (section, map) in new[] { ("data", data), ("binaryData", binary) })
        {
            foreach (var (key, value) in map ?? [])
            {
                if (key.Length > NameRules.SubdomainMaxLength || !ConfigKey().IsMatch(key))
                {
                    yield return FieldError.Invalid($"{section}[{key}]", JsonValue.Create(key),
                        "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
                }

                total += key.Length + (value?.GetValue<string>().Length ?? 0);
            }
        }

        foreach (var (key, _) in data ?? [])
        {
            if (binary?.ContainsKey(key) == true)
            {
                yield return FieldError.Invalid($"data[{key}]", JsonValue.Create(key), "duplicate of key present in binaryData");
            }
        }

        if (total > MaxTotalBytes)
        {
            yield return new FieldError("FieldValueTooLong", "", $"Too long: must have at most {MaxTotalBytes} bytes");
        }
    }

    [GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial Regex ConfigKey();
}
