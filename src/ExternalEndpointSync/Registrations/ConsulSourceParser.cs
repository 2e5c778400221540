using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations;

/// <summary>Reads <c>source.consul</c>; where Consul is comes from the top-level <c>consul</c> section.</summary>
internal static class ConsulSourceParser
{
    public static ConsulSourceSpec Parse(MappingReader reader)
    {
        var service = reader.String("service");
        var tags = reader.StringList("tags");
        var datacenter = reader.String("datacenter");
        var ns = reader.String("namespace");
        var partition = reader.String("partition");
        var onlyPassing = reader.Bool("onlyPassing");
        var addressPreference = reader.StringList("addressPreference");
        reader.Required("service", "the Consul service name");
        reader.ReportUnknownKeys();

        if (service is { Value.Length: 0 } empty)
        {
            reader.Diagnostics.Error(empty, "must not be empty");
        }

        return new ConsulSourceSpec
        {
            Service = service?.Value ?? "",
            Tags = [.. (tags ?? []).Select(tag => tag.Value)],
            Datacenter = datacenter?.Value,
            Namespace = ns?.Value,
            Partition = partition?.Value,
            OnlyPassing = onlyPassing?.Value ?? false,
            AddressPreference = [.. (addressPreference ?? []).Select(item => item.Value)],
        };
    }
}
