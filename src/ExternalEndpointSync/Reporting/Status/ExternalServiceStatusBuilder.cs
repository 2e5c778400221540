using System.Globalization;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations;
using ExternalEndpointSync.Registrations.Resources;
using k8s.Models;

namespace ExternalEndpointSync.Reporting.Status;

/// <summary>
/// The status an ExternalService should have after a sync, or after its spec was found invalid.
/// Pure: <c>lastTransitionTime</c> is taken over from the known conditions unless a condition's
/// status flipped, and nothing in it changes while the world does not (no TTLs, no timestamps of
/// syncs), so that a steady state writes no status.
/// </summary>
public static class ExternalServiceStatusBuilder
{
    public static ExternalServiceStatus FromReport(ExternalServiceObject resource, ExternalServiceSpec spec, ServiceReport report, ExternalServiceStatus? known, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(report);
        var generation = resource.Metadata.Generation ?? 0;
        var conditions = new List<V1Condition>();
        var total = report.Ready + report.NotReady;
        var externalName = spec.Type == ServiceType.ExternalName;
        if (report.Status is ServiceStatus.Conflict or ServiceStatus.Refused)
        {
            var reason = report.Status == ServiceStatus.Conflict ? ExternalServiceConditions.Conflict : ExternalServiceConditions.Refused;
            conditions.Add(Condition(ExternalServiceConditions.Ready, false, reason, string.Join("; ", report.Errors), generation));
            return Status(resource, spec, conditions, endpoints: null, report, known, now);
        }

        // Refused addresses are never published; with some published it is still ready, with none it is refused.
        var allRefused = report.RefusedAddresses.Count > 0 && total == 0;

        var ready = report.Status switch
        {
            ServiceStatus.Failed when report.SourceFailure is not null => Condition(ExternalServiceConditions.Ready, false, ExternalServiceConditions.SourceFailed, string.Join("; ", report.Errors), generation),
            ServiceStatus.Failed => Condition(ExternalServiceConditions.Ready, false, ExternalServiceConditions.SyncFailed, string.Join("; ", report.Errors), generation),
            _ when allRefused => Condition(ExternalServiceConditions.Ready, false, ExternalServiceConditions.Refused, $"every address is refused by the cluster admin's policy: {RefusedList(report)}", generation),
            _ when externalName => Condition(ExternalServiceConditions.Ready, true, ExternalServiceConditions.Synced, $"ExternalName Service {spec.Name} is an alias of {spec.ExternalName}", generation),
            _ => Condition(ExternalServiceConditions.Ready, true, ExternalServiceConditions.Synced, Published(report), generation),
        };
        conditions.Add(ready);
        if (!externalName)
        {
            conditions.Add(report.SourceFailure is { } failure
                ? Condition(ExternalServiceConditions.Resolved, false, ExternalServiceConditions.SourceFailed, failure.Message, generation)
                : Condition(ExternalServiceConditions.Resolved, true, ExternalServiceConditions.Answered, "the source answered", generation));
        }

        var endpoints = externalName ? null : new EndpointCounts { Ready = report.Ready, NotReady = report.NotReady, Total = total };
        return Status(resource, spec, conditions, endpoints, report, known, now);
    }

    /// <summary>
    /// A spec the parser refused, with nothing published for it now: Ready=False InvalidSpec with every
    /// problem's path. <paramref name="held"/>: what it published before is left as it is (<see cref="InvalidSpecHold"/>).
    /// </summary>
    public static ExternalServiceStatus Invalid(ExternalServiceObject resource, IReadOnlyList<ConfigDiagnostic> errors, bool held, ExternalServiceStatus? known, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(errors);
        var message = held
            ? $"the spec is invalid: {Problems(errors)}; what was published for it before is left untouched until the spec is valid again"
            : $"the spec is invalid, nothing is published for it: {Problems(errors)}";
        return new ExternalServiceStatus
        {
            ObservedGeneration = resource.Metadata.Generation ?? 0,
            Conditions = Carry([Condition(ExternalServiceConditions.Ready, false, ExternalServiceConditions.InvalidSpec, message, resource.Metadata.Generation ?? 0)], known, now),
            Service = resource.Metadata.Name,
        };
    }

    /// <summary>
    /// A spec the parser refused while its last valid generation is still published: what
    /// <paramref name="served"/> says of that (endpoints, source, Resolved), but Ready=False InvalidSpec
    /// with every problem's path and that generation, all observed at the object's generation.
    /// </summary>
    public static ExternalServiceStatus InvalidServingLastValid(
        ExternalServiceObject resource, IReadOnlyList<ConfigDiagnostic> errors, long lastValidGeneration, ExternalServiceStatus? served, ExternalServiceStatus? known, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(errors);
        var generation = resource.Metadata.Generation ?? 0;
        var message = string.Create(CultureInfo.InvariantCulture, $"the spec is invalid: {Problems(errors)}; the last valid generation {lastValidGeneration} is still published");
        List<V1Condition> conditions =
        [
            Condition(ExternalServiceConditions.Ready, false, ExternalServiceConditions.InvalidSpec, message, generation),
            .. (served?.Conditions ?? []).Where(static c => c.Type != ExternalServiceConditions.Ready).Select(c => Condition(c.Type, c.Status == "True", c.Reason, c.Message, generation)),
        ];
        return (served ?? new ExternalServiceStatus { Service = resource.Metadata.Name }) with
        {
            ObservedGeneration = generation,
            Conditions = Carry(conditions, known, now),
        };
    }

    /// <summary>A short, stable summary of where the addresses come from, for the Source printer column.</summary>
    public static string SourceSummary(ExternalServiceSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Source switch
        {
            DnsSourceSpec dns => $"dns {dns.Name} {RecordType(dns.Type)}",
            ConsulSourceSpec consul => $"consul {consul.Service}{(consul.Tags.Count > 0 ? $" [{string.Join(",", consul.Tags)}]" : "")}",
            StaticSourceSpec addresses => string.Create(CultureInfo.InvariantCulture, $"static {addresses.Addresses.Count} address(es)"),
            _ when spec.Type == ServiceType.ExternalName => $"externalName {spec.ExternalName}",
            _ => "",
        };
    }

    private static string Problems(IReadOnlyList<ConfigDiagnostic> errors) => string.Join("; ", errors.Select(static e => $"{e.Path}: {e.Message}"));

    private static string RecordType(DnsRecordType type) => type == DnsRecordType.AAndAAAA ? "A+AAAA" : type.ToString();

    // Only counts: warnings carry probe errors that may differ at every sync without anything changing.
    private static string Published(ServiceReport report)
    {
        var published = string.Create(CultureInfo.InvariantCulture, $"{report.Ready}/{report.Ready + report.NotReady} endpoints ready");
        return report.RefusedAddresses.Count == 0
            ? published
            : string.Create(CultureInfo.InvariantCulture, $"{published}; {report.RefusedAddresses.Count} address(es) refused by the cluster admin's policy (status.refusedAddresses)");
    }

    private static string RefusedList(ServiceReport report) =>
        string.Join(", ", report.RefusedAddresses.Select(static r => $"{r.Address} ({r.Reason})"));

    private static ExternalServiceStatus Status(
        ExternalServiceObject resource, ExternalServiceSpec spec, List<V1Condition> conditions, EndpointCounts? endpoints, ServiceReport report, ExternalServiceStatus? known, DateTime now) => new()
    {
        ObservedGeneration = resource.Metadata.Generation ?? 0,
        Conditions = Carry(conditions, known, now),
        Endpoints = endpoints,
        Service = spec.Name,
        Source = SourceSummary(spec),
        RefusedAddresses = report.RefusedAddresses.Count == 0
            ? null
            : [.. report.RefusedAddresses.OrderBy(static r => r.Address, StringComparer.Ordinal).Select(static r => new RefusedAddressStatus { Address = r.Address, Reason = r.Reason })],
    };

    private static List<V1Condition> Carry(List<V1Condition> conditions, ExternalServiceStatus? known, DateTime now)
    {
        // metav1.Time has whole seconds; a finer time would read back different and look like a change.
        var second = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        foreach (var condition in conditions)
        {
            var previous = known?.Conditions?.FirstOrDefault(c => c.Type == condition.Type);
            condition.LastTransitionTime = previous is not null && previous.Status == condition.Status ? previous.LastTransitionTime : second;
        }

        return conditions;
    }

    private static V1Condition Condition(string type, bool status, string reason, string message, long generation) => new()
    {
        Type = type,
        Status = status ? "True" : "False",
        Reason = reason,
        Message = message.Length > 32768 ? message[..32768] : message,
        ObservedGeneration = generation,
    };
}
