using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.Resources;

namespace ExternalEndpointSync.Reporting.Status;

/// <summary>
/// Turns what happens to ExternalServices into their status: each sync report of what one
/// publishes (synced, failed, in conflict; while its spec is invalid, of its last valid spec, with
/// Ready=False InvalidSpec), and each object whose spec is invalid as it is announced. A report of
/// another generation than the one published is skipped: the newer spec is on its way to being
/// synced, and its report will say how that went. <paramref name="held"/> tells whether what an
/// object published before its spec became invalid is held as it is (<see cref="InvalidSpecHold"/>).
/// </summary>
public sealed class ExternalServiceStatusReporter(
    ExternalServiceRegistrations registrations, ExternalServiceSubscription subscription, ExternalServiceStatusWriter writer, Func<ExternalServiceObject, bool> held, TimeProvider time)
{
    public async Task ReportAsync(SyncReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var service in report.Services)
        {
            if (service.Origin is not ResourceOrigin origin || service.Status == ServiceStatus.Removed
                || registrations.Find(service.Key) is not { } resource || resource.Metadata.Uid != origin.Uid
                || registrations.Registration(service.Key) is not { } spec || spec.Origin != origin)
            {
                continue;
            }

            var known = writer.Known(resource);
            var now = time.GetUtcNow().UtcDateTime;
            var status = ExternalServiceStatusBuilder.FromReport(resource, spec, service, known, now);
            if (registrations.Problems(service.Key) is { Count: > 0 } problems)
            {
                status = ExternalServiceStatusBuilder.InvalidServingLastValid(resource, problems, origin.Generation, status, known, now);
            }

            await writer.WriteAsync(resource, status, cancellationToken);
        }
    }

    /// <summary>Writes the status of every object whose spec is invalid as it is announced, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var key in subscription.Touched.ReadAllAsync(cancellationToken))
            {
                if (registrations.Find(key) is not { } resource || registrations.Problems(key) is not { Count: > 0 } problems)
                {
                    continue;
                }

                var known = writer.Known(resource);
                var now = time.GetUtcNow().UtcDateTime;
                var status = registrations.Registration(key) is { Origin: ResourceOrigin published }
                    ? ExternalServiceStatusBuilder.InvalidServingLastValid(resource, problems, published.Generation, known, known, now)
                    : ExternalServiceStatusBuilder.Invalid(resource, problems, held(resource), known, now);
                await writer.WriteAsync(resource, status, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
