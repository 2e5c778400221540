namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>The resources the fake serves. New kinds (Events, custom resources) are one more definition.</summary>
internal sealed class ResourceRegistry
{
    /// <param name="serveServiceCidrs">False: like a cluster before Kubernetes 1.33, networking.k8s.io/v1 ServiceCIDR is not served (404).</param>
    public ResourceRegistry(ServiceStrategy serviceStrategy, bool serveServiceCidrs)
    {
        Namespaces = new ResourceDefinition
        {
            Group = string.Empty, Version = "v1", Plural = "namespaces", Singular = "namespace", Kind = "Namespace",
            Namespaced = false, ShortNames = ["ns"], Strategy = new NamespaceStrategy(),
        };
        var services = new ResourceDefinition
        {
            Group = string.Empty, Version = "v1", Plural = "services", Singular = "service", Kind = "Service",
            Namespaced = true, ShortNames = ["svc"], Strategy = serviceStrategy,
            AllowCreateOnUpdate = true, ReturnDeletedObject = true,
            ExtraFieldSelectors = ["spec.clusterIP", "spec.type"],
            StrategicMergeKeys = new Dictionary<string, string> { ["spec.ports"] = "port" },
        };
        Endpoints = new ResourceDefinition
        {
            Group = string.Empty, Version = "v1", Plural = "endpoints", Singular = "endpoints", Kind = "Endpoints",
            Namespaced = true, ShortNames = ["ep"], Strategy = new EndpointsStrategy(), AllowCreateOnUpdate = true,
            DeprecationWarning = "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice",
        };
        var endpointSlices = new ResourceDefinition
        {
            Group = "discovery.k8s.io", Version = "v1", Plural = "endpointslices", Singular = "endpointslice", Kind = "EndpointSlice",
            Namespaced = true, Strategy = new EndpointSliceStrategy(), ManagesGeneration = true,
        };
        var leases = new ResourceDefinition
        {
            Group = "coordination.k8s.io", Version = "v1", Plural = "leases", Singular = "lease", Kind = "Lease",
            Namespaced = true, Strategy = new LeaseStrategy(), AllowCreateOnUpdate = true, AllowUnconditionalUpdate = false,
        };
        var events = new ResourceDefinition
        {
            Group = string.Empty, Version = "v1", Plural = "events", Singular = "event", Kind = "Event",
            Namespaced = true, ShortNames = ["ev"], Strategy = new EventStrategy(), AllowCreateOnUpdate = true,
            ExtraFieldSelectors =
            [
                "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
                "reason", "reportingComponent", "type",
            ],
        };
        var nodes = new ResourceDefinition
        {
            Group = string.Empty, Version = "v1", Plural = "nodes", Singular = "node", Kind = "Node",
            Namespaced = false, ShortNames = ["no"], Strategy = new NodeStrategy(), HasStatusSubresource = true,
        };
        ResourceDefinition[] serviceCidrs = serveServiceCidrs
            ?
            [
                new ResourceDefinition
                {
                    Group = "networking.k8s.io", Version = "v1", Plural = "servicecidrs", Singular = "servicecidr", Kind = "ServiceCIDR",
                    Namespaced = false, Strategy = new ServiceCidrStrategy(), HasStatusSubresource = true,
                },
            ]
            : [];
        all = [Namespaces, services, Endpoints, events, endpointSlices, leases, nodes, .. serviceCidrs, .. DeployableResources.All()];
    }

    public ResourceDefinition Namespaces { get; }

    public ResourceDefinition Endpoints { get; }

    private volatile IReadOnlyList<ResourceDefinition> all;

    public IReadOnlyList<ResourceDefinition> All => all;

    /// <summary>Adds a resource (a custom resource); copy-on-write so readers never see a half-built list.</summary>
    public void Add(ResourceDefinition definition)
    {
        if (Find(definition.Group, definition.Version, definition.Plural) is not null)
        {
            throw new InvalidOperationException($"{definition.QualifiedResource} is already served.");
        }

        all = [.. all, definition];
    }

    /// <summary>Stops serving a resource (its CustomResourceDefinition is gone).</summary>
    public void Remove(ResourceDefinition definition) => all = [.. all.Where(d => !ReferenceEquals(d, definition))];

    public ResourceDefinition? Find(string group, string version, string plural) =>
        All.FirstOrDefault(d => d.Group == group && d.Version == version && d.Plural == plural);

    public IEnumerable<IGrouping<string, ResourceDefinition>> Groups() =>
        All.Where(d => d.Group.Length > 0).GroupBy(d => d.Group);
}
