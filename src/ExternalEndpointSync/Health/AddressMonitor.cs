using ExternalEndpointSync.Health.Probes;

namespace ExternalEndpointSync.Health;

/// <summary>
/// The probing state of one endpoint of one registration: its target, its health, and in
/// continuous mode its timer. Guarded by the owning <see cref="MonitoredService"/>'s lock.
/// </summary>
internal sealed class AddressMonitor : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    public AddressMonitor(string address, ProbeTarget? target, string? targetError)
    {
        Address = address;
        Target = target;
        TargetError = targetError;
        Token = _stopping.Token;
    }

    /// <summary>The address as reported (<see cref="HealthPublication.Describe"/>).</summary>
    public string Address { get; }

    public ProbeTarget? Target { get; }

    /// <summary>Why <see cref="Target"/> is null.</summary>
    public string? TargetError { get; }

    public AddressHealth Health { get; } = new();

    public ProbeTimer? Timer { get; set; }

    public bool Stopped { get; private set; }

    /// <summary>Cancelled when the address vanishes, so its probe in flight ends early; taken once so it stays readable after disposal.</summary>
    public CancellationToken Token { get; }

    /// <summary>Ends the schedule and any probe in flight: the address vanished or its registration is gone.</summary>
    public void Dispose()
    {
        if (Stopped)
        {
            return;
        }

        Stopped = true;
        Timer?.Dispose();
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
