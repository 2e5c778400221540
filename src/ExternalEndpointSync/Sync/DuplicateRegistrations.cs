using ExternalEndpointSync.Model;
using ExternalEndpointSync.Reporting;

namespace ExternalEndpointSync.Sync;

/// <summary>
/// Two registrations of one Service (a file entry and an <c>ExternalService</c>) cannot both be
/// planned. The config file is the cluster admin's, so its entry wins whatever the order; between
/// registrations of one kind the first in registration order wins. Every loser is reported as a
/// <see cref="ServiceStatus.Conflict"/> naming both origins, and none stops the other services.
/// </summary>
public static class DuplicateRegistrations
{
    public static (IReadOnlyList<ExternalServiceSpec> Winners, IReadOnlyList<ServiceReport> Rejected) Resolve(IReadOnlyList<ExternalServiceSpec> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var winners = services.GroupBy(static s => s.Key).ToDictionary(static g => g.Key, static g => WinnerOf(g)!);
        var rejected = services
            .Where(s => !ReferenceEquals(winners[s.Key], s))
            .Select(s => new ServiceReport
            {
                Key = s.Key,
                Type = s.Type.ToString(),
                Status = ServiceStatus.Conflict,
                Origin = s.Origin,
                Errors = [Describe(winners[s.Key], s)],
            })
            .ToList();
        return ([.. services.Where(s => ReferenceEquals(winners[s.Key], s))], rejected);
    }

    /// <summary>The registration that is synced among those of one Service; null when there are none.</summary>
    public static ExternalServiceSpec? WinnerOf(IEnumerable<ExternalServiceSpec> registrationsOfOneService)
    {
        ArgumentNullException.ThrowIfNull(registrationsOfOneService);
        ExternalServiceSpec? winner = null;
        foreach (var registration in registrationsOfOneService)
        {
            if (winner is null || (winner.Origin is ResourceOrigin && registration.Origin is not ResourceOrigin))
            {
                winner = registration;
            }
        }

        return winner;
    }

    private static string Describe(ExternalServiceSpec winner, ExternalServiceSpec loser) =>
        winner.Origin is not ResourceOrigin && loser.Origin is ResourceOrigin
            ? $"Service {loser.Key} is registered by the cluster admin's config file ({winner.Origin}), which wins over {loser.Origin}; that one is not synced: rename it or ask the admin to remove the file entry"
            : $"Service {loser.Key} is registered twice: by {winner.Origin}, which is synced, and by {loser.Origin}, which is ignored; remove one of them";
}
