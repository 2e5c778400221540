namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>How a <see cref="FakeKubernetesApiServer"/> is built: its clock, its garbage collector and its authorization.</summary>
public sealed record FakeApiServerOptions
{
    /// <summary>Timestamps, watch timeouts, fault delays and the garbage collector's schedule.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// How long after an owner goes the garbage collector deletes (or orphans) its dependents.
    /// <see cref="TimeSpan.Zero"/>: right after the write that removed the owner, before the next
    /// request; null: never by itself, only when a test calls <see cref="GarbageCollector.CollectNow"/>.
    /// </summary>
    public TimeSpan? GarbageCollectionDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Authorization on: the roles and bindings of the repository's deploy/ files for the product's service account. Null: everyone may do everything.</summary>
    public RbacOptions? Rbac { get; init; }
}
