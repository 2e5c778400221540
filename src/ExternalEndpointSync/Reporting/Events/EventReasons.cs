namespace ExternalEndpointSync.Reporting.Events;

/// <summary>Every Event reason this controller writes, in one place (the README's Events table lists the same).</summary>
public static class EventReasons
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    /// <summary>Writing the Service, its EndpointSlices or Endpoints failed; what existed was left or partly updated.</summary>
    public static readonly EventReason SyncFailed = new("SyncFailed", Warning, "Sync");

    /// <summary>The source (DNS, Consul, static) gave no answer; the Service keeps what it had.</summary>
    public static readonly EventReason SourceFailed = new("SourceFailed", Warning, "Resolve");

    /// <summary>An address failed its health checks and is published not ready (or left out).</summary>
    public static readonly EventReason AddressUnhealthy = new("AddressUnhealthy", Warning, "Probe");

    /// <summary>An address reported unhealthy before is no longer unhealthy.</summary>
    public static readonly EventReason AddressHealthy = new("AddressHealthy", Normal, "Probe");

    /// <summary>No address of the best SRV priority group is ready: a worse group is published.</summary>
    public static readonly EventReason FailedOver = new("FailedOver", Warning, "Publish");

    /// <summary>Every address is unhealthy, so all are published ready (the panic rule).</summary>
    public static readonly EventReason PanicMode = new("PanicMode", Warning, "Publish");

    /// <summary>An object we do not own holds a name we need; it was left untouched.</summary>
    public static readonly EventReason Conflict = new("Conflict", Warning, "Sync");

    /// <summary>An address was refused by the registration's address policy and not published.</summary>
    public static readonly EventReason AddressRefused = new("AddressRefused", Warning, "Publish");

    /// <summary>An ExternalService was refused as a whole by the registration policy; nothing is published for it.</summary>
    public static readonly EventReason Refused = new("Refused", Warning, "Publish");
}
