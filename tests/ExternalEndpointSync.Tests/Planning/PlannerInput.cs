using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using k8s;
using k8s.Models;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ExternalEndpointSync.Tests.Planning;

/// <summary>
/// A planner golden case's <c>input.yaml</c>: a multi-document stream whose first document lists
/// the registrations in a compact form and whose other documents are the current cluster objects,
/// as Kubernetes YAML.
/// <code>
/// ownerId: default            # optional
/// policy: Sync                # optional: Sync | UpsertOnly | CreateOnly
/// services:
///   - name: orders-db
///     namespace: payments     # optional, default "default"
///     type: ClusterIP         # ClusterIP | Headless | ExternalName
///     externalName: db.example.com.
///     ports: [ { name: pg, port: 5432, targetPort: 6432, protocol: TCP, appProtocol: postgresql } ]
///     publish: { endpointSlices: true, endpoints: false, maxEndpointsPerSlice: 100 }
///     labels: { team: a }
///     annotations: { note: b }
///     held: true              # the source has nothing trustworthy (endpoints: null)
///     endpoints:              # "ADDRESS [port=N] [notReady] [notServing]"
///       - 192.0.2.10
///       - 192.0.2.11 notReady notServing
///     generate:               # count consecutive addresses from an address, all ready
///       - { from: 10.0.0.1, count: 250 }
/// ---
/// apiVersion: v1
/// kind: Service
/// ...
/// </code>
/// </summary>
internal sealed partial class PlannerInput
{
    public required IReadOnlyList<DesiredService> Desired { get; init; }

    public required ClusterState Current { get; init; }

    public required PlanOptions Options { get; init; }

    public static PlannerInput Parse(string yaml)
    {
        var documents = DocumentSeparator().Split(yaml);
        var header = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .Build()
            .Deserialize<InputDocument>(documents[0]) ?? new InputDocument();

        var objects = documents.Skip(1).Where(document => !string.IsNullOrWhiteSpace(document))
            .SelectMany(document => KubernetesYaml.LoadAllFromString(document))
            .ToList();
        return new PlannerInput
        {
            Desired = [.. header.Services.Select(service => service.ToDesired())],
            Current = new ClusterState(
                [.. objects.OfType<V1Service>()],
                [.. objects.OfType<V1EndpointSlice>()],
                [.. objects.OfType<V1Endpoints>()]),
            Options = new PlanOptions(header.OwnerId, header.Policy),
        };
    }

    [GeneratedRegex(@"^---[^\n]*\n", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();

    private sealed class InputDocument
    {
        public string OwnerId { get; set; } = SyncConfig.DefaultOwnerId;

        public SyncPolicy Policy { get; set; } = SyncPolicy.Sync;

        public List<InputService> Services { get; set; } = [];
    }

    private sealed class InputService
    {
        public string Name { get; set; } = "";

        public string Namespace { get; set; } = "default";

        public ServiceType Type { get; set; } = ServiceType.ClusterIP;

        public string? ExternalName { get; set; }

        public List<InputPort> Ports { get; set; } = [];

        public InputPublish Publish { get; set; } = new();

        public Dictionary<string, string> Labels { get; set; } = [];

        public Dictionary<string, string> Annotations { get; set; } = [];

        public bool Held { get; set; }

        public List<string> Endpoints { get; set; } = [];

        public List<InputRange> Generate { get; set; } = [];

        public DesiredService ToDesired()
        {
            var spec = new ExternalServiceSpec
            {
                Name = Name,
                Namespace = Namespace,
                Type = Type,
                ExternalName = ExternalName,
                Ports = [.. Ports.Select(port => new ServicePortSpec
                {
                    Name = port.Name,
                    Port = port.Port,
                    Protocol = port.Protocol,
                    TargetPort = port.TargetPort,
                    AppProtocol = port.AppProtocol,
                })],
                Publish = new PublishSpec
                {
                    EndpointSlices = Publish.EndpointSlices,
                    Endpoints = Publish.Endpoints,
                    MaxEndpointsPerSlice = Publish.MaxEndpointsPerSlice,
                },
                Labels = ValueDictionary.From(Labels),
                Annotations = ValueDictionary.From(Annotations),
            };
            var endpoints = Endpoints.Select(ParseEndpoint).Concat(Generate.SelectMany(range => range.Expand())).ToList();
            return new DesiredService(spec, Held ? null : endpoints);
        }

        private static PublishedEndpoint ParseEndpoint(string text)
        {
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var port = words.FirstOrDefault(word => word.StartsWith("port=", StringComparison.Ordinal));
            return new PublishedEndpoint
            {
                Address = words[0],
                Port = port is null ? null : int.Parse(port["port=".Length..], CultureInfo.InvariantCulture),
                Ready = !words.Contains("notReady"),
                Serving = !words.Contains("notServing"),
            };
        }
    }

    private sealed class InputPort
    {
        public string? Name { get; set; }

        public int Port { get; set; }

        public string Protocol { get; set; } = "TCP";

        public int? TargetPort { get; set; }

        public string? AppProtocol { get; set; }
    }

    private sealed class InputPublish
    {
        public bool EndpointSlices { get; set; } = true;

        public bool Endpoints { get; set; }

        public int MaxEndpointsPerSlice { get; set; } = PublishSpec.DefaultMaxEndpointsPerSlice;
    }

    private sealed class InputRange
    {
        public string From { get; set; } = "";

        public int Count { get; set; }

        public IEnumerable<PublishedEndpoint> Expand() =>
            AddressRange.From(IPAddress.Parse(From), Count).Select(address => new PublishedEndpoint { Address = address });
    }
}
