using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.Resources;

namespace ExternalEndpointSync.Reporting.Status;

/// <summary>
/// Turns what happens to ExternalServices into their status: each sync report of a registration
/// from one (synced, failed, in conflict), and each object whose spec is invalid and so is never
/// synced. A report of an older generation than the object has is skipped: the newer spec is on its
/// way to being synced, and its report will say how that went.
/// </summary>
public sealed class ExternalServiceStatusReporter(ExternalServiceRegistrations registrations, ExternalServiceStatusWriter writer, TimeProvider time)
{
    public async Task ReportAsync(SyncReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var service in report.Services)
        {
            if (service.Origin is not ResourceOrigin origin || service.Status == ServiceStatus.Removed
                || registrations.Find(service.Key) is not { } resource || resource.Origin != origin
                || registrations.Registration(service.Key) is not { } spec)
            {
                continue;
            }

            var status = ExternalServiceStatusBuilder.FromReport(resource, spec, service, writer.Known(resource), time.GetUtcNow().UtcDateTime);
            await writer.WriteAsync(resource, status, cancellationToken);
        }
    }

    /// <summary>Writes the status of every object whose spec is invalid as it is announced, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var key in registrations.Touched.ReadAllAsync(cancellationToken))
            {
                if (registrations.Find(key) is not { } resource || registrations.Problems(key) is not { Count: > 0 } problems)
                {
                    continue;
                }

                var status = ExternalServiceStatusBuilder.Invalid(resource, problems, writer.Known(resource), time.GetUtcNow().UtcDateTime);
                await writer.WriteAsync(resource, status, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
