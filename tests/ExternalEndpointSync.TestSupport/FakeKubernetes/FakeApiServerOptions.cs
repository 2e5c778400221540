namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// How a <see cref="FakeKubernetesApiServer"/> is built: its clock, its IP families, its garbage
/// collector and its authorization. The defaults are those of most real clusters, except that
/// authorization is off unless asked for.
/// </summary>
public sealed record FakeApiServerOptions
{
    /// <summary>Timestamps, watch timeouts, fault delays and the garbage collector's schedule.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// False (the default): a single-stack IPv4 cluster (<c>--service-cluster-ip-range</c> with one IPv4 range),
    /// where IPv6 Service families and <c>RequireDualStack</c> are 422. True: IPv4 primary, IPv6 secondary.
    /// </summary>
    public bool DualStack { get; init; }

    /// <summary>
    /// How long after an owner goes the garbage collector deletes (or orphans) its dependents.
    /// <see cref="TimeSpan.Zero"/>: right after the write that removed the owner, before the next
    /// request; null: never by itself, only when a test calls <see cref="GarbageCollector.CollectNow"/>.
    /// </summary>
    public TimeSpan? GarbageCollectionDelay { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// True (the default, Kubernetes 1.33 and later): networking.k8s.io/v1 ServiceCIDR is served, with the
    /// object <c>kubernetes</c> holding the Service ranges. False: an older cluster, where it answers 404.
    /// </summary>
    public bool ServeServiceCidrs { get; init; } = true;

    /// <summary>Authorization on: the roles and bindings of <see cref="RbacOptions.Manifests"/> (usually the repository's rendered worker overlay) for the product's service account. Null: everyone may do everything.</summary>
    public RbacOptions? Rbac { get; init; }
}
