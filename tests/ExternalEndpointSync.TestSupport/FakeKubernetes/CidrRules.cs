using System.Globalization;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// CIDR fields as apimachinery's <c>IsValidCIDR</c> and <c>netutils.IsDualStackCIDRStrings</c> judge
/// them: an address as <see cref="SpecialAddressRules.ParseIp"/> reads one, '/', a prefix length for its
/// family. Whether bits after the prefix are refused depends on the server version and its
/// StrictIPCIDRValidation gate, so the fake accepts them (see the README).
/// </summary>
public static class CidrRules
{
    public const string InvalidCidr = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

    /// <summary>The family of a valid CIDR, or null when <paramref name="text"/> is none.</summary>
    public static AddressFamily? FamilyOf(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || SpecialAddressRules.ParseIp(text[..slash]) is not { } address)
        {
            return null;
        }

        var length = text[(slash + 1)..];
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        return length.Length is > 0 and <= 3 && length.All(char.IsAsciiDigit) && int.Parse(length, CultureInfo.InvariantCulture) <= bits
            ? SpecialAddressRules.FamilyOf(address)
            : null;
    }

    /// <summary>Each item of a CIDR list that is not a CIDR, at its index.</summary>
    public static IEnumerable<FieldError> Invalid(string field, JsonArray cidrs)
    {
        for (var i = 0; i < cidrs.Count; i++)
        {
            if (cidrs[i]?.GetValueKind() != System.Text.Json.JsonValueKind.String || FamilyOf(cidrs[i]!.GetValue<string>()) is null)
            {
                yield return FieldError.Invalid($"{field}[{i}]", cidrs[i], InvalidCidr);
            }
        }
    }

    /// <summary>Two valid CIDRs of two families (what both Node.spec.podCIDRs and ServiceCIDR.spec.cidrs require of a pair).</summary>
    public static bool IsDualStack(IReadOnlyList<string> cidrs) =>
        cidrs.Count == 2 && FamilyOf(cidrs[0]) is { } first && FamilyOf(cidrs[1]) is { } second && first != second;

    /// <summary>Go's rendering of a string slice in an Invalid value (<c>[]string{"a", "b"}</c>).</summary>
    public static string GoStrings(IReadOnlyList<string> values) => $"[]string{{{string.Join(", ", values.Select(JsonNodeExtensions.Quote))}}}";
}
