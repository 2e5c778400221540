namespace ExternalEndpointSync.Health.Probes;

/// <summary>The outcome of one probe: up or down, why it failed, and a warning worth reporting even when up.</summary>
public sealed record ProbeResult
{
    public required bool Succeeded { get; init; }

    public string? Failure { get; init; }

    /// <summary>Something to report although the target is up, such as a certificate about to expire.</summary>
    public string? Warning { get; init; }

    public static ProbeResult Up(string? warning = null) => new() { Succeeded = true, Warning = warning };

    public static ProbeResult Down(string reason) => new() { Succeeded = false, Failure = reason };
}
