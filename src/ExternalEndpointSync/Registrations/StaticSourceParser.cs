using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations;

/// <summary>
/// Reads <c>source.static</c>. Malformed addresses are errors; addresses Kubernetes rejects as
/// endpoints are warnings and stay in the model, for the planner to drop with a reason.
/// Addresses are kept in canonical form (<c>2001:db8::1</c>), the form compared with what the cluster holds.
/// </summary>
internal static class StaticSourceParser
{
    public static StaticSourceSpec? Parse(MappingReader reader)
    {
        var items = reader.StringList("addresses");
        reader.Required("addresses", "a list of IP addresses");
        reader.ReportUnknownKeys();
        if (items is null)
        {
            return null;
        }

        if (items.Count == 0)
        {
            reader.Diagnostics.Error(reader.PathOf("addresses"), reader.Node["addresses"], "must list at least one IP address");
        }

        var addresses = new List<string>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var text = item.Value.Trim();
            if (text.Length != item.Value.Length)
            {
                reader.Diagnostics.Warning(item, $"\"{item.Value}\" has spaces around the address; they are ignored");
            }

            if (StaticAddressForms.Miswritten(text) is { } miswritten)
            {
                reader.Diagnostics.Error(item, $"{miswritten}: \"{item.Value}\"");
                continue;
            }

            if (!EndpointAddressRules.TryParseLiteral(text, out var address, out var malformed))
            {
                reader.Diagnostics.Error(item, $"{malformed}: \"{item.Value}\"");
                continue;
            }

            if (EndpointAddressRules.RejectionReason(address) is { } rejected)
            {
                reader.Diagnostics.Warning(item, $"\"{text}\" is a {rejected}, which Kubernetes never accepts as an endpoint; it will be dropped");
            }
            else if (StaticAddressForms.Doubtful(address) is { } doubtful)
            {
                reader.Diagnostics.Warning(item, $"\"{text}\" {doubtful}");
            }

            if (!seen.TryAdd(address.ToString(), item.Path))
            {
                reader.Diagnostics.Warning(item, $"\"{text}\" is listed twice (also {seen[address.ToString()]}); it is published once");
                continue;
            }

            addresses.Add(address.ToString());
        }

        return new StaticSourceSpec { Addresses = addresses.ToValueList() };
    }
}
