using System.Collections.Concurrent;
using DnsClient;
using ExternalEndpointSync.Model;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Sources.Dns;

/// <summary>
/// Resolves <see cref="DnsSourceSpec"/> names with DnsClient and follows their TTLs: an answer
/// is reused until the shortest TTL in it (clamped to MinTtl..MaxTtl) expires, so each name is
/// asked once per TTL period however often the source is called, and
/// <see cref="SourceResult.RefreshAt"/> tells the scheduler when to call again.
/// Transient failures keep the last good endpoints; a definitive empty answer empties the
/// Service only after <see cref="DnsSourceSpec.EmptyAfter"/> such answers in a row.
/// Calls for the same registration are expected one at a time (the scheduler's job).
/// </summary>
public sealed class DnsSource(TimeProvider timeProvider, ILogger<DnsSource> logger, ILookupClientFactory clientFactory) : IEndpointSource
{
    private readonly ConcurrentDictionary<ServiceKey, DnsServiceState> states = new();
    private readonly ConcurrentDictionary<string, ILookupClient> clients = new(StringComparer.Ordinal);

    public string Kind => "dns";

    public Task<SourceResult> ResolveAsync(ExternalServiceSpec service, CancellationToken cancellationToken) =>
        ResolveAsync(service, force: false, cancellationToken);

    /// <summary>Resolves; <paramref name="force"/> asks DNS even when the last answer's TTL has not expired.</summary>
    public async Task<SourceResult> ResolveAsync(ExternalServiceSpec service, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var spec = service.Source as DnsSourceSpec
            ?? throw new ArgumentException($"{service.Key} has no DNS source", nameof(service));
        var now = timeProvider.GetUtcNow();
        var previous = states.TryGetValue(service.Key, out var known) && known.IsFor(spec) ? known : new DnsServiceState { Spec = spec };
        if (!force && previous.Result is { RefreshAt: { } refreshAt } cached && now < refreshAt)
        {
            return cached;
        }

        if (!DnsNameservers.TryParse(spec.Nameservers, out var nameservers, out var configurationError))
        {
            DnsSourceLog.ConfigurationError(logger, service.Key.ToString(), configurationError);
            states[service.Key] = previous with { Result = null };
            return SourceResult.Failed(configurationError, isConfigurationError: true);
        }

        var settings = new DnsLookupSettings(nameservers, spec.Timeout, spec.Retries);
        var client = clients.GetOrAdd(settings.CacheKey, static (_, state) => state.Factory.Create(state.Settings), (Factory: clientFactory, Settings: settings));
        var resolution = await DnsResolver.ResolveAsync(client, spec, cancellationToken);
        var next = Apply(service.Key, previous, resolution, now);
        states[service.Key] = next;
        return next.Result!;
    }

    public void Forget(ServiceKey service) => states.TryRemove(service, out _);

    private static TimeSpan Clamp(TimeSpan ttl, DnsSourceSpec spec) =>
        ttl < spec.MinTtl ? spec.MinTtl : ttl > spec.MaxTtl ? spec.MaxTtl : ttl;

    private DnsServiceState Apply(ServiceKey key, DnsServiceState previous, DnsResolution resolution, DateTimeOffset now)
    {
        var spec = previous.Spec;
        var ttl = Clamp(resolution.Ttl ?? spec.MinTtl, spec);
        var service = key.ToString();
        switch (resolution.Status)
        {
            case DnsQueryStatus.Records:
                DnsSourceLog.Resolved(logger, service, spec.Name, resolution.Endpoints.Count, ttl);
                return previous with
                {
                    LastGood = resolution.Endpoints,
                    ConsecutiveEmpty = 0,
                    Result = SourceResult.Resolved(resolution.Endpoints, resolution.Details) with { RefreshAt = now + ttl },
                };

            case DnsQueryStatus.Empty:
                var seen = previous.ConsecutiveEmpty + 1;
                if (seen >= spec.EmptyAfter)
                {
                    DnsSourceLog.Emptied(logger, service, seen, resolution.Reason!);
                    return previous with
                    {
                        LastGood = [],
                        ConsecutiveEmpty = seen,
                        Result = SourceResult.Resolved([], resolution.Details) with { RefreshAt = now + ttl },
                    };
                }

                DnsSourceLog.EmptyAnswerHeld(logger, service, seen, spec.EmptyAfter, previous.LastGood?.Count ?? 0, resolution.Reason!);
                var held = $"{resolution.Reason} (empty answer {seen} of {spec.EmptyAfter} before the Service is emptied; keeping the last good endpoints)";
                return previous with
                {
                    ConsecutiveEmpty = seen,
                    Result = SourceResult.Failed(held, previous.LastGood) with { RefreshAt = now + ttl, Details = resolution.Details },
                };

            default:
                DnsSourceLog.TransientFailure(logger, service, previous.LastGood?.Count ?? 0, resolution.Reason!);
                // Ask again soon rather than after the last answer's TTL: the failure may be brief.
                return previous with
                {
                    Result = SourceResult.Failed(resolution.Reason!, previous.LastGood) with { RefreshAt = now + spec.MinTtl, Details = resolution.Details },
                };
        }
    }
}
