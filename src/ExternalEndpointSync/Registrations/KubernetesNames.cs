using System.Text.RegularExpressions;

namespace ExternalEndpointSync.Registrations;

/// <summary>
/// The name rules of the Kubernetes API server (apimachinery's validation package), each with
/// the sentence a diagnostic uses to say what is allowed.
/// </summary>
public static partial class KubernetesNames
{
    public const string Dns1035LabelRule = "must be a DNS-1035 label (lower-case letters, digits and '-', starting with a letter, ending with a letter or digit, at most 63 characters)";
    public const string Dns1123LabelRule = "must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)";
    public const string Dns1123SubdomainRule = "must be a DNS-1123 subdomain (DNS-1123 labels joined by '.', at most 253 characters)";
    public const string QualifiedNameRule = "must be a qualified name (an optional DNS-1123 subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)";
    public const string LabelValueRule = "must be a label value (empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)";

    /// <summary>The owner id is the value of the owner label, and an empty one would own nothing recognisable.</summary>
    public const string OwnerIdRule = "must be a non-empty label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)";

    public static bool IsOwnerId(string value) => value.Length > 0 && IsLabelValue(value);

    public static bool IsDns1035Label(string value) => value.Length <= 63 && Dns1035Label().IsMatch(value);

    public static bool IsDns1123Label(string value) => value.Length <= 63 && Dns1123Label().IsMatch(value);

    public static bool IsDns1123Subdomain(string value) =>
        value.Length is > 0 and <= 253 && value.Split('.').All(IsDns1123Label);

    /// <summary>Label keys, annotation keys and <c>appProtocol</c> values.</summary>
    public static bool IsQualifiedName(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0 && !IsDns1123Subdomain(value[..slash]))
        {
            return false;
        }

        var name = value[(slash + 1)..];
        return name.Length is > 0 and <= 63 && QualifiedNamePart().IsMatch(name);
    }

    public static bool IsLabelValue(string value) =>
        value.Length == 0 || (value.Length <= 63 && QualifiedNamePart().IsMatch(value));

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1035Label();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedNamePart();
}
