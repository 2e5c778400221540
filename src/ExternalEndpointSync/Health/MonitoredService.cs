using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;

namespace ExternalEndpointSync.Health;

/// <summary>The monitors of one registration's endpoints and the check settings they use.</summary>
internal sealed class MonitoredService(ServiceKey key, HealthCheckSpec spec)
{
    private readonly Dictionary<(string Address, int? Port), AddressMonitor> _monitors = [];

    public ServiceKey Key { get; } = key;

    public Lock Gate { get; } = new();

    /// <summary>The settings of the latest evaluation; the next probe of every address uses them.</summary>
    public HealthCheckSpec Spec { get; private set; } = spec;

    /// <summary>Whether the panic rule applied at the last evaluation, so entering and leaving it is logged once.</summary>
    public bool Panicking { get; set; }

    /// <summary>
    /// Aligns the monitors with the endpoints the source returned: keeps existing ones (and their
    /// state), creates new ones, and stops those whose endpoint vanished or whose target moved.
    /// Returns the monitor of each endpoint, in endpoint order, and the monitors created.
    /// </summary>
    public (IReadOnlyList<AddressMonitor> ByEndpoint, IReadOnlyList<AddressMonitor> Created) Update(ExternalServiceSpec service, IReadOnlyList<ResolvedEndpoint> endpoints)
    {
        lock (Gate)
        {
            Spec = service.HealthCheck;
            var byEndpoint = new List<AddressMonitor>(endpoints.Count);
            var created = new List<AddressMonitor>();
            var seen = new HashSet<(string, int?)>();
            foreach (var endpoint in endpoints)
            {
                var key = (endpoint.Address, endpoint.Port);
                var (target, error) = ProbeTargets.Resolve(service, endpoint);
                if (!_monitors.TryGetValue(key, out var monitor) || monitor.Target != target)
                {
                    monitor?.Dispose();
                    monitor = new AddressMonitor(HealthPublication.Describe(new AddressStatus(endpoint, HealthState.Unknown)), target, error);
                    _monitors[key] = monitor;
                    created.Add(monitor);
                }

                seen.Add(key);
                byEndpoint.Add(monitor);
            }

            foreach (var vanished in _monitors.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                _monitors[vanished].Dispose();
                _monitors.Remove(vanished);
            }

            return (byEndpoint, created);
        }
    }

    /// <summary>Stops every monitor; the registration is gone or no longer probed.</summary>
    public void StopAll()
    {
        lock (Gate)
        {
            foreach (var monitor in _monitors.Values)
            {
                monitor.Dispose();
            }

            _monitors.Clear();
        }
    }

    public int Count
    {
        get
        {
            lock (Gate)
            {
                return _monitors.Count;
            }
        }
    }
}
