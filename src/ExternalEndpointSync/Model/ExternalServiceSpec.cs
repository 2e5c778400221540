namespace ExternalEndpointSync.Model;

/// <summary>
/// One registration: an external service and the Service that publishes it. The same model
/// comes from the configuration file and from <c>ExternalService</c> custom resources.
/// </summary>
public sealed record ExternalServiceSpec
{
    public required string Name { get; init; }

    public string Namespace { get; init; } = "default";

    public ServiceType Type { get; init; } = ServiceType.ClusterIP;

    public ValueList<ServicePortSpec> Ports { get; init; } = [];

    /// <summary>Null only for <see cref="ServiceType.ExternalName"/>.</summary>
    public SourceSpec? Source { get; init; }

    /// <summary>The alias target of an ExternalName Service.</summary>
    public string? ExternalName { get; init; }

    public PublishSpec Publish { get; init; } = new();

    public HealthCheckSpec HealthCheck { get; init; } = HealthCheckSpec.None;

    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra labels on the Service (never overriding the ownership labels).</summary>
    public ValueDictionary Labels { get; init; } = ValueDictionary.Empty;

    /// <summary>Extra annotations on the Service.</summary>
    public ValueDictionary Annotations { get; init; } = ValueDictionary.Empty;

    /// <summary>Where the registration was declared (<c>config.yaml:12 (services[2])</c>, or a custom resource).</summary>
    public RegistrationOrigin Origin { get; init; } = RegistrationOrigin.Unknown;

    public ServiceKey Key => new(Namespace, Name);
}
