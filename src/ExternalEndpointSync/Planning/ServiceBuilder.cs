using ExternalEndpointSync.Model;
using k8s.Models;

namespace ExternalEndpointSync.Planning;

/// <summary>Builds the selectorless Service of a registration: only the fields we own, the server fills the rest.</summary>
internal static class ServiceBuilder
{
    public const string None = "None";

    /// <summary>The registration's labels with the ownership labels on top: a spec can never disown the object.</summary>
    public static IReadOnlyDictionary<string, string> Labels(ServiceContext service) => service.LabelsWith(service.Spec.Labels);

    /// <summary>The Service to write; its IP family request follows the families of <paramref name="endpoints"/> (<see cref="ServiceFamilies"/>).</summary>
    public static V1Service Build(ServiceContext service, IReadOnlyList<AcceptedEndpoint> endpoints)
    {
        var spec = service.Spec;
        var serviceSpec = new V1ServiceSpec
        {
            Type = spec.Type == ServiceType.ExternalName ? "ExternalName" : "ClusterIP",
            Ports = spec.Ports.Count == 0 ? null : spec.Ports.Select(Port).ToList(),
        };

        switch (spec.Type)
        {
            case ServiceType.Headless:
                serviceSpec.ClusterIP = None;
                serviceSpec.ClusterIPs = [None];
                break;
            case ServiceType.ExternalName:
                serviceSpec.ExternalName = ExternalNameOf(spec.ExternalName);
                break;
        }

        ServiceFamilies.Request(serviceSpec, spec.Type, endpoints);

        return new V1Service
        {
            ApiVersion = WrittenKind.Service.ApiVersion,
            Kind = WrittenKind.Service.Kind,
            Metadata = service.NamedMetadata(Labels(service), spec.Annotations),
            Spec = serviceSpec,
        };
    }

    /// <summary>The kind of Service an object read back is; headless is told by <c>clusterIP: None</c>.</summary>
    public static ServiceType TypeOf(V1Service service) => service.Spec switch
    {
        { Type: "ExternalName" } => ServiceType.ExternalName,
        { ClusterIP: None } => ServiceType.Headless,
        _ => ServiceType.ClusterIP,
    };

    /// <summary>The API server trims a trailing dot; so do we, so the value read back compares equal.</summary>
    public static string? ExternalNameOf(string? name) => name?.TrimEnd('.');

    private static V1ServicePort Port(ServicePortSpec port) => new()
    {
        Name = port.Name,
        Port = port.Port,
        Protocol = port.Protocol,
        TargetPort = port.EndpointPort,
        AppProtocol = port.AppProtocol,
    };
}
