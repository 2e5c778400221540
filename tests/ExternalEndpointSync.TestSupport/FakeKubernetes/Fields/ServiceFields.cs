namespace ExternalEndpointSync.TestSupport.FakeKubernetes.Fields;

/// <summary>core/v1 Service (k8s.io/api core/v1 types.go: ServiceSpec, ServicePort, ServiceStatus).</summary>
internal static class ServiceFields
{
    public static readonly string[] Paths =
    [
        "spec.ports[].name", "spec.ports[].protocol", "spec.ports[].appProtocol", "spec.ports[].port",
        "spec.ports[].targetPort", "spec.ports[].nodePort",
        "spec.selector{}", "spec.clusterIP", "spec.clusterIPs", "spec.type", "spec.externalIPs", "spec.sessionAffinity",
        "spec.loadBalancerIP", "spec.loadBalancerSourceRanges", "spec.externalName", "spec.externalTrafficPolicy",
        "spec.healthCheckNodePort", "spec.publishNotReadyAddresses", "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
        "spec.ipFamilies", "spec.ipFamilyPolicy", "spec.allocateLoadBalancerNodePorts", "spec.loadBalancerClass",
        "spec.internalTrafficPolicy", "spec.trafficDistribution",
        "status.loadBalancer.ingress[].ip", "status.loadBalancer.ingress[].hostname", "status.loadBalancer.ingress[].ipMode",
        "status.loadBalancer.ingress[].ports[].port", "status.loadBalancer.ingress[].ports[].protocol",
        "status.loadBalancer.ingress[].ports[].error",
        .. Conditions.Paths("status.conditions"),
    ];
}
