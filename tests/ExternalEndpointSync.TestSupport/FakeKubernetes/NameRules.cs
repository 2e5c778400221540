using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>The name formats of <c>k8s.io/apimachinery/pkg/util/validation</c>, with their error texts.</summary>
public static partial class NameRules
{
    public const int LabelMaxLength = 63;
    public const int SubdomainMaxLength = 253;

    private const string Dns1123LabelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private const string Dns1123SubdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private const string Dns1035LabelMessage = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
    private const string QualifiedNamePartMessage = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    private const string LabelValueMessage = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123LabelPattern();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123SubdomainPattern();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035LabelPattern();

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex QualifiedNamePartPattern();

    public static IReadOnlyList<string> Dns1123Label(string value)
    {
        var errors = new List<string>();
        if (value.Length > LabelMaxLength)
        {
            errors.Add($"must be no more than {LabelMaxLength} characters");
        }

        if (!Dns1123LabelPattern().IsMatch(value))
        {
            errors.Add(Dns1123LabelMessage);
        }

        return errors;
    }

    public static IReadOnlyList<string> Dns1123Subdomain(string value)
    {
        var errors = new List<string>();
        if (value.Length > SubdomainMaxLength)
        {
            errors.Add($"must be no more than {SubdomainMaxLength} characters");
        }

        if (!Dns1123SubdomainPattern().IsMatch(value))
        {
            errors.Add(Dns1123SubdomainMessage);
        }

        return errors;
    }

    public static IReadOnlyList<string> Dns1035Label(string value)
    {
        var errors = new List<string>();
        if (value.Length > LabelMaxLength)
        {
            errors.Add($"must be no more than {LabelMaxLength} characters");
        }

        if (!Dns1035LabelPattern().IsMatch(value))
        {
            errors.Add(Dns1035LabelMessage);
        }

        return errors;
    }

    /// <summary>An optional DNS-subdomain prefix and <c>/</c>, then a name part of at most 63 characters.</summary>
    public static IReadOnlyList<string> QualifiedName(string value)
    {
        var errors = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                name = parts[1];
                if (parts[0].Length == 0)
                {
                    errors.Add("prefix part must be non-empty");
                }
                else
                {
                    errors.AddRange(Dns1123Subdomain(parts[0]).Select(e => "prefix part " + e));
                }

                break;
            default:
                errors.Add("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errors;
        }

        if (name.Length == 0)
        {
            errors.Add("name part must be non-empty");
        }
        else if (name.Length > LabelMaxLength)
        {
            errors.Add($"name part must be no more than {LabelMaxLength} characters");
        }

        if (name.Length > 0 && !QualifiedNamePartPattern().IsMatch(name))
        {
            errors.Add(QualifiedNamePartMessage);
        }

        return errors;
    }

    public static IReadOnlyList<string> LabelValue(string value)
    {
        var errors = new List<string>();
        if (value.Length > LabelMaxLength)
        {
            errors.Add($"must be no more than {LabelMaxLength} characters");
        }

        if (value.Length > 0 && !QualifiedNamePartPattern().IsMatch(value))
        {
            errors.Add(LabelValueMessage);
        }

        return errors;
    }

    /// <summary>Validates a name; with <paramref name="prefix"/> a trailing '-' is allowed (generateName).</summary>
    public static IReadOnlyList<string> Check(Func<string, IReadOnlyList<string>> rule, string value, bool prefix) =>
        rule(prefix && value.EndsWith('-') ? value[..^1] + "a" : value);

    /// <summary>
    /// <c>IsFullyQualifiedDomainName</c> (apimachinery/pkg/util/validation): one trailing dot is trimmed,
    /// then a DNS-1123 subdomain of at least two labels, each a DNS-1123 label.
    /// </summary>
    public static IEnumerable<FieldError> FullyQualifiedDomainName(string field, string value)
    {
        if (value.Length == 0)
        {
            return [FieldError.Required(field)];
        }

        var name = value.EndsWith('.') ? value[..^1] : value;
        if (Dns1123Subdomain(name) is { Count: > 0 } errors)
        {
            return [FieldError.Invalid(field, JsonValue.Create(name), string.Join(",", errors))];
        }

        var labels = name.Split('.');
        if (labels.Length < 2)
        {
            return [FieldError.Invalid(field, JsonValue.Create(name), "should be a domain with at least two segments separated by dots")];
        }

        return labels.Select(label => (Label: label, Errors: Dns1123Label(label)))
            .Where(static l => l.Errors.Count > 0)
            .Take(1)
            .Select(l => FieldError.Invalid(field, JsonValue.Create(l.Label), string.Join(",", l.Errors)))
            .ToList();
    }

    public static IEnumerable<FieldError> Field(Func<string, IReadOnlyList<string>> rule, string field, string value) =>
        rule(value).Select(message => FieldError.Invalid(field, JsonValue.Create(value), message));
}
