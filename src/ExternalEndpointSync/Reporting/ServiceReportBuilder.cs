using System.Globalization;
using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using ExternalEndpointSync.Sync;
using k8s.Models;

namespace ExternalEndpointSync.Reporting;

/// <summary>Puts together what the source, the health stage, the planner and the writer said about one registration.</summary>
public static class ServiceReportBuilder
{
    public static ServiceReport Build(ServicePlan plan, DesiredStateCollector.Collected? collected, ApplyOutcome? outcome)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var errors = new List<string>();
        var warnings = plan.Dropped.Select(static d => $"address {d.Address} not published: {d.Reason}").ToList();
        IReadOnlyList<UnservedFamily> unserved = [.. plan.Unserved, .. UnservedOnWrite(outcome)];
        warnings.AddRange(unserved.Select(static u => u.Describe()));
        if (plan.EndpointsTruncatedFrom is { } endpointsAddresses)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"legacy Endpoints truncated to {EndpointsCapacity.MaxAddresses} of {endpointsAddresses} addresses (endpoints.kubernetes.io/over-capacity: truncated, not-ready ones dropped first); the EndpointSlices carry all"));
        }

        warnings.AddRange((collected?.RefusedAddresses ?? []).Select(static r => $"address {r.Address} refused by the ExternalService policy: {r.Reason}"));
        var source = collected?.Source;
        SourceFailure? sourceFailure = null;
        if (source?.Error is { } sourceError)
        {
            errors.Add(source.Endpoints is not null ? $"source failed, last good answer kept: {sourceError}"
                : source.IsConfigurationError ? $"configuration error: {sourceError}"
                : $"source failed, Service left as it was: {sourceError}");
            sourceFailure = collected?.Desired.Spec.Source is { } spec ? new SourceFailure(spec.Kind, errors[^1]) : null;
        }

        if (collected?.Health.Failure is { } healthFailure)
        {
            errors.Add($"health check failed, Service left as it was: {healthFailure}");
        }

        if (collected?.Health is { Panicked: true })
        {
            warnings.Add("every address is unhealthy: all are published ready (panic rule)");
        }

        if (collected?.Health is { PassedOverPriorities.Count: > 0, PublishedPriority: { } published } failedOver)
        {
            var passedOver = string.Join(", ", failedOver.PassedOverPriorities.Select(static p => p.ToString(CultureInfo.InvariantCulture)));
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"no ready address in priority {passedOver}: publishing priority {published} (failover)"));
        }

        foreach (var (address, warning) in (collected?.Health.Warnings ?? new Dictionary<string, string>()).OrderBy(static w => w.Key, StringComparer.Ordinal))
        {
            warnings.Add($"{address}: {warning}");
        }

        if (outcome?.Error is { } writeError)
        {
            errors.Add(writeError);
            if (FamilyRefused(writeError) is { } family)
            {
                errors.Add($"{family} is not served by this cluster (not configured on it): the Service cannot be created for {family} addresses");
            }
        }

        var (ready, notReady) = CountEndpoints(plan);
        return new ServiceReport
        {
            Key = plan.Key,
            Origin = collected?.Desired.Spec.Origin ?? Model.RegistrationOrigin.Unknown,
            Type = collected?.Desired.Spec.Type.ToString() ?? "",
            Status = StatusOf(plan, outcome, errors.Count > 0),
            Created = outcome?.Created ?? 0,
            Updated = outcome?.Updated ?? 0,
            Deleted = outcome?.Deleted ?? 0,
            Unchanged = plan.Unchanged,
            Ready = ready,
            NotReady = notReady,
            Errors = errors,
            SourceFailure = sourceFailure,
            Warnings = warnings,
            UnservedFamilies = unserved,
            EndpointsTruncatedFrom = plan.EndpointsTruncatedFrom,
            SourceDetails = source?.Details ?? [],
            Health = collected?.Health ?? Health.ServiceHealthSummary.NotChecked,
            WouldApply = outcome?.WouldApply ?? [],
            RefusedAddresses = collected?.RefusedAddresses ?? [],
        };
    }

    /// <summary>
    /// An ExternalService its policy refused; nothing is published for it. <paramref name="removal"/>
    /// is the report of this sync's removal of what it had published before, if it had.
    /// </summary>
    public static ServiceReport Refused(ExternalServiceSpec registration, string reason, ServiceReport? removal)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var error = $"refused: {reason}";
        return (removal ?? new ServiceReport { Key = registration.Key }) with
        {
            Origin = registration.Origin,
            Type = registration.Type.ToString(),
            Status = ServiceStatus.Refused,
            Errors = [.. removal?.Errors ?? [], error],
            RefusalReason = reason,
        };
    }

    /// <summary>An ExternalService the policy could not judge: neither planned nor touched, and retried.</summary>
    public static ServiceReport Held(ExternalServiceSpec registration, string reason)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return new ServiceReport { Key = registration.Key, Origin = registration.Origin, Type = registration.Type.ToString(), Status = ServiceStatus.Failed, Errors = [reason] };
    }

    /// <summary>Several slices of one family skipped by the writer are one unserved family, as the planner reports it.</summary>
    private static IEnumerable<UnservedFamily> UnservedOnWrite(ApplyOutcome? outcome) =>
        (outcome?.Unserved ?? []).GroupBy(static u => u.Family)
            .Select(static g => g.First() with { Addresses = g.Sum(static u => u.Addresses) });

    /// <summary>The family named by the API server's "not configured on this cluster" refusal (pkg/registry/core/service/storage/alloc.go).</summary>
    private static string? FamilyRefused(string error) =>
        !error.Contains("not configured on this cluster", StringComparison.Ordinal) ? null
        : error.Contains("IPv6", StringComparison.Ordinal) ? "IPv6"
        : error.Contains("IPv4", StringComparison.Ordinal) ? "IPv4"
        : null;

    private static ServiceStatus StatusOf(ServicePlan plan, ApplyOutcome? outcome, bool hasErrors) =>
        outcome is { ForeignObject: true } ? ServiceStatus.Conflict
        : hasErrors ? ServiceStatus.Failed
        : plan.Removed ? ServiceStatus.Removed
        : plan.Changes.Count > 0 ? ServiceStatus.Synced
        : ServiceStatus.Unchanged;

    private static (int Ready, int NotReady) CountEndpoints(ServicePlan plan)
    {
        var slices = plan.Desired.OfType<V1EndpointSlice>().ToList();
        if (slices.Count > 0)
        {
            var endpoints = slices.SelectMany(static s => s.Endpoints ?? []).ToList();
            var ready = endpoints.Count(static e => e.Conditions?.Ready != false);
            return (ready, endpoints.Count - ready);
        }

        var subsets = plan.Desired.OfType<V1Endpoints>().SelectMany(static e => e.Subsets ?? []).ToList();
        return (subsets.Sum(static s => s.Addresses?.Count ?? 0), subsets.Sum(static s => s.NotReadyAddresses?.Count ?? 0));
    }
}
