using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations;

/// <summary>Reads <c>publish</c>: which objects carry the addresses.</summary>
internal static class PublishParser
{
    public static PublishSpec Parse(MappingReader entry, ServiceType type)
    {
        if (entry.Mapping("publish") is not { } reader)
        {
            return new PublishSpec();
        }

        var endpointSlices = reader.Bool("endpointSlices");
        var endpoints = reader.Bool("endpoints");
        var maxEndpointsPerSlice = reader.Int("maxEndpointsPerSlice");
        reader.ReportUnknownKeys();

        if (maxEndpointsPerSlice is { Value: < 1 or > PublishSpec.MaxEndpointsPerSliceLimit } bad)
        {
            reader.Diagnostics.Error(bad, $"must be between 1 and {PublishSpec.MaxEndpointsPerSliceLimit} (the EndpointSlice limit), not {bad.Value}");
        }

        var spec = new PublishSpec
        {
            EndpointSlices = endpointSlices?.Value ?? true,
            Endpoints = endpoints?.Value ?? false,
            MaxEndpointsPerSlice = maxEndpointsPerSlice?.Value ?? PublishSpec.DefaultMaxEndpointsPerSlice,
        };
        if (type != ServiceType.ExternalName && !spec.EndpointSlices && !spec.Endpoints)
        {
            var node = endpointSlices?.Node ?? endpoints?.Node ?? reader.Node;
            reader.Diagnostics.Error(reader.PathOf("endpointSlices"), node,
                "endpointSlices and endpoints are both false, so nothing would carry the addresses; enable at least one");
        }
        else if (type != ServiceType.ExternalName && !spec.EndpointSlices && spec.Endpoints)
        {
            // Our Endpoints carry skip-mirror, so without our own slices kube-proxy would route nothing.
            reader.Diagnostics.Error(reader.PathOf("endpointSlices"), endpointSlices?.Node ?? reader.Node,
                "endpointSlices: false with endpoints: true is not supported: kube-proxy routes by EndpointSlices, and the legacy Endpoints are written with skip-mirror; keep endpointSlices: true (legacy Endpoints are then written alongside)");
        }

        return spec;
    }
}
