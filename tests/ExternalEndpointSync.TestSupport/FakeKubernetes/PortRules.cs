using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>Port fields shared by Services, Endpoints and EndpointSlices.</summary>
internal static class PortRules
{
    public static readonly string[] Protocols = ["TCP", "UDP", "SCTP"];

    public static IEnumerable<FieldError> Number(JsonObject port, string path, bool required)
    {
        var node = port["port"];
        if (node is null)
        {
            return required ? [FieldError.Invalid($"{path}.port", JsonValue.Create(0), "must be between 1 and 65535, inclusive")] : [];
        }

        var number = port.IntegerOrNull("port");
        return number is >= 1 and <= 65535 ? [] : [FieldError.Invalid($"{path}.port", node, "must be between 1 and 65535, inclusive")];
    }

    public static IEnumerable<FieldError> Protocol(JsonObject port, string path)
    {
        var protocol = port.StringOrNull("protocol");
        if (string.IsNullOrEmpty(protocol))
        {
            return [FieldError.Required($"{path}.protocol")];
        }

        return Protocols.Contains(protocol) ? [] : [FieldError.NotSupported($"{path}.protocol", port["protocol"], Protocols)];
    }

    public static IEnumerable<FieldError> AppProtocol(JsonObject port, string path)
    {
        var appProtocol = port.StringOrNull("appProtocol");
        return appProtocol is null ? [] : NameRules.Field(NameRules.QualifiedName, $"{path}.appProtocol", appProtocol);
    }

    /// <summary>The IP rules for an endpoint address: a valid IP that is not special.</summary>
    public static IEnumerable<FieldError> EndpointIp(string path, string ip, string invalidMessage = "must be a valid IP address")
    {
        var address = SpecialAddressRules.ParseIp(ip);
        if (address is null)
        {
            return [FieldError.Invalid(path, JsonValue.Create(ip), invalidMessage)];
        }

        var violation = SpecialAddressRules.Violation(address);
        return violation is null ? [] : [FieldError.Invalid(path, JsonValue.Create(ip), violation)];
    }
}
