using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using ExternalEndpointSync.Registrations.Policy;
using ExternalEndpointSync.Sources;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Sync;

/// <summary>
/// Runs every registration through its source and the health stage. A registration whose
/// source or health stage fails (or throws) is held with its error; the others are unaffected.
/// When a source wants to be asked again (a DNS TTL running out) the registration is put on the
/// <see cref="ReplanQueue"/> for then. An ExternalService's addresses are screened by its
/// <see cref="AddressPolicy"/> between the two, so a refused address is never probed either.
/// </summary>
public sealed partial class DesiredStateCollector(SourceRegistry sources, IHealthStage health, ReplanQueue replans, ILogger<DesiredStateCollector> logger)
{
    /// <summary>
    /// How long a re-plan for a refresh waits after the answer comes due, so that services whose
    /// answers expire close together are synced with one read of the cluster instead of one each.
    /// </summary>
    public static readonly TimeSpan RefreshCoalescing = TimeSpan.FromSeconds(1);

    public async Task<IReadOnlyList<Collected>> CollectAsync(
        IReadOnlyList<ExternalServiceSpec> services, AddressPolicy? addresses, int maxConcurrency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var results = new Collected[services.Count];
        await Parallel.ForAsync(
            0,
            services.Count,
            new ParallelOptions { MaxDegreeOfParallelism = maxConcurrency, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await CollectOneAsync(services[i], addresses, ct));
        return results;
    }

    private async Task<Collected> CollectOneAsync(ExternalServiceSpec spec, AddressPolicy? addresses, CancellationToken cancellationToken)
    {
        if (spec.Source is null)
        {
            return new Collected(new DesiredService(spec, []), null, ServiceHealthSummary.NotChecked);
        }

        SourceResult result;
        try
        {
            result = await sources.For(spec.Source).ResolveAsync(spec, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            result = SourceResult.Failed($"{spec.Source.Kind} source failed: {e.Message}");
        }

        if (result.RefreshAt is { } refreshAt)
        {
            replans.Request(spec.Key, refreshAt, RefreshCoalescing);
        }

        if (result.Error is not null)
        {
            Log.SourceFailed(logger, spec.Key.ToString(), spec.Source.Kind, result.Error, result.Endpoints is not null);
        }

        if (result.Endpoints is null)
        {
            return new Collected(new DesiredService(spec, null), result, ServiceHealthSummary.NotChecked);
        }

        var (endpoints, refused) = spec.Origin is ResourceOrigin resource && addresses is not null
            ? Screen(result.Endpoints, addresses, resource.Namespace)
            : (result.Endpoints, []);
        if (refused.Count > 0)
        {
            Log.AddressesRefused(logger, spec.Key.ToString(), refused.Count, string.Join("; ", refused));
        }

        HealthOutcome outcome;
        try
        {
            outcome = await health.EvaluateAsync(spec, endpoints, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // A fault in the health stage costs only this registration, which keeps what it has.
            Log.HealthFailed(logger, spec.Key.ToString(), e.GetType().Name, e.Message);
            return new Collected(new DesiredService(spec, null), result, ServiceHealthSummary.NotChecked with { Failure = e.Message }) { RefusedAddresses = refused };
        }

        return new Collected(new DesiredService(spec, outcome.Endpoints), result, outcome.Report) { RefusedAddresses = refused };
    }

    /// <summary>
    /// The endpoints the policy lets through, and the refused ones once per address. What is no IP
    /// literal passes, for the planner to drop as malformed like any other registration's.
    /// </summary>
    private static (ValueList<ResolvedEndpoint> Kept, IReadOnlyList<RefusedAddress> Refused) Screen(
        ValueList<ResolvedEndpoint> endpoints, AddressPolicy addresses, string @namespace)
    {
        var kept = new List<ResolvedEndpoint>(endpoints.Count);
        var refused = new Dictionary<string, RefusedAddress>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints)
        {
            if (EndpointAddressRules.TryParseLiteral(endpoint.Address.Trim(), out var address, out _)
                && addresses.RefusalReason(address, @namespace) is { } reason)
            {
                refused.TryAdd(address.ToString(), new RefusedAddress(address.ToString(), reason));
                continue;
            }

            kept.Add(endpoint);
        }

        return (kept.ToValueList(), [.. refused.Values]);
    }

    /// <summary>One registration's desired state with what its source and health stage said, and the addresses its policy refused.</summary>
    public sealed record Collected(DesiredService Desired, SourceResult? Source, ServiceHealthSummary Health)
    {
        public IReadOnlyList<RefusedAddress> RefusedAddresses { get; init; } = [];
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Service {Service}: {Kind} source: {Error} (last good answer kept: {KeptLastGood})")]
        public static partial void SourceFailed(ILogger logger, string service, string kind, string error, bool keptLastGood);

        [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "Service {Service}: health stage failed ({ExceptionType}): {Error}; the Service is left as it was")]
        public static partial void HealthFailed(ILogger logger, string service, string exceptionType, string error);

        [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Service {Service}: {Count} address(es) refused by the ExternalService policy and not published: {Refused}")]
        public static partial void AddressesRefused(ILogger logger, string service, int count, string refused);
    }
}
