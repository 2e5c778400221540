using ExternalEndpointSync.Model;
using ExternalEndpointSync.Reporting;

namespace ExternalEndpointSync.Sync;

/// <summary>
/// Two registrations of one Service (a file entry and a custom resource, say) cannot both be
/// planned: the first one in registration order is synced, every later one is reported failed
/// with both origins, and neither stops the other services.
/// </summary>
public static class DuplicateRegistrations
{
    public static (IReadOnlyList<ExternalServiceSpec> Winners, IReadOnlyList<ServiceReport> Rejected) Resolve(IReadOnlyList<ExternalServiceSpec> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var first = new Dictionary<ServiceKey, ExternalServiceSpec>();
        var winners = new List<ExternalServiceSpec>(services.Count);
        var rejected = new List<ServiceReport>();
        foreach (var service in services)
        {
            if (first.TryAdd(service.Key, service))
            {
                winners.Add(service);
                continue;
            }

            rejected.Add(new ServiceReport
            {
                Key = service.Key,
                Status = ServiceStatus.Failed,
                Errors = [$"Service {service.Key} is registered twice: by {first[service.Key].Origin}, which is synced, and by {service.Origin}, which is ignored; remove one of them"],
            });
        }

        return (winners, rejected);
    }
}
