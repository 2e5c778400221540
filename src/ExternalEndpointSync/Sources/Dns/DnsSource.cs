using System.Collections.Concurrent;
using DnsClient;
using ExternalEndpointSync.Model;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Sources.Dns;

/// <summary>
/// Resolves <see cref="DnsSourceSpec"/> names with DnsClient and follows their TTLs: an answer
/// is reused until the shortest TTL in it (clamped to MinTtl..MaxTtl) expires, so each name is
/// asked once per TTL period however often the source is called and however many registrations
/// share it, and <see cref="SourceResult.RefreshAt"/> tells the scheduler when to call again.
/// Transient failures keep the last good endpoints; a definitive empty answer empties the
/// Service only after <see cref="DnsSourceSpec.EmptyAfter"/> such answers in a row.
/// Calls for the same registration are expected one at a time (the scheduler's job).
/// </summary>
public sealed class DnsSource : IEndpointSource
{
    private readonly TimeProvider timeProvider;
    private readonly ILogger<DnsSource> logger;
    private readonly ILookupClientFactory clientFactory;
    private readonly ConcurrentDictionary<ServiceKey, DnsServiceState> states = new();
    private readonly ConcurrentDictionary<string, ILookupClient> clients = new(StringComparer.Ordinal);
    private readonly DnsAnswerCache answers;

    public DnsSource(TimeProvider timeProvider, ILogger<DnsSource> logger, ILookupClientFactory clientFactory)
    {
        this.timeProvider = timeProvider;
        this.logger = logger;
        this.clientFactory = clientFactory;
        answers = new DnsAnswerCache(timeProvider);
    }

    public string Kind => "dns";

    /// <summary>How many registrations have state here, and how many answers are cached (for tests of retention under churn).</summary>
    public (int States, int Answers) Retained => (states.Count, answers.Count);

    public Task<SourceResult> ResolveAsync(ExternalServiceSpec service, CancellationToken cancellationToken) =>
        ResolveAsync(service, force: false, cancellationToken);

    /// <summary>Resolves; <paramref name="force"/> asks DNS even when the last answer's TTL has not expired.</summary>
    public async Task<SourceResult> ResolveAsync(ExternalServiceSpec service, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var spec = service.Source as DnsSourceSpec
            ?? throw new ArgumentException($"{service.Key} has no DNS source", nameof(service));
        states.TryGetValue(service.Key, out var known);
        if (!force && known is { Result.RefreshAt: { } refreshAt } && known.Spec == spec && timeProvider.GetUtcNow() < refreshAt)
        {
            return known.Result;
        }

        var settings = new DnsLookupSettings([.. spec.Nameservers.Select(static server => server.EndPoint)], spec.Timeout, spec.Retries);
        var question = DnsQuestionKey.For(spec, settings);
        var previous = known is not null && known.Question == question
            ? known with { Spec = spec }
            : new DnsServiceState { Spec = spec, Question = question };
        ILookupClient client;
        try
        {
            client = clients.GetOrAdd(settings.CacheKey, static (_, state) => state.Factory.Create(state.Settings), (Factory: clientFactory, Settings: settings));
        }
        catch (DnsConfigurationException e)
        {
            DnsSourceLog.ConfigurationError(logger, service.Key.ToString(), e.Message);
            return SourceResult.Failed(e.Message, known?.LastGood, isConfigurationError: true);
        }

        var answer = await answers.GetAsync(question, spec, force, () => DnsResolver.ResolveAsync(client, spec, CancellationToken.None), cancellationToken);
        var next = Apply(service.Key, previous, answer);
        states[service.Key] = next;
        if (known is not null && known.Question != question)
        {
            answers.RemoveAllBut(states.Values.Select(static state => state.Question));
        }

        return next.Result!;
    }

    public void Forget(ServiceKey service)
    {
        if (states.TryRemove(service, out _))
        {
            answers.RemoveAllBut(states.Values.Select(static state => state.Question));
        }
    }

    private DnsServiceState Apply(ServiceKey key, DnsServiceState previous, DnsAnswer answer)
    {
        var spec = previous.Spec;
        var resolution = answer.Resolution;
        var refreshAt = answer.ExpiresAt(spec);
        var service = key.ToString();
        var repeated = ReferenceEquals(answer, previous.Answer);
        previous = previous with { Answer = answer };
        switch (resolution.Status)
        {
            case DnsQueryStatus.Records:
                DnsSourceLog.Resolved(logger, service, spec.Name.Value, resolution.Endpoints.Count, refreshAt);
                return previous with
                {
                    LastGood = resolution.Endpoints,
                    ConsecutiveEmpty = 0,
                    Result = SourceResult.Resolved(resolution.Endpoints, resolution.Details) with { RefreshAt = refreshAt },
                };

            case DnsQueryStatus.Empty:
                var seen = repeated ? previous.ConsecutiveEmpty : previous.ConsecutiveEmpty + 1;
                if (seen >= spec.EmptyAfter)
                {
                    DnsSourceLog.Emptied(logger, service, seen, resolution.Reason!);
                    return previous with
                    {
                        LastGood = [],
                        ConsecutiveEmpty = seen,
                        Result = SourceResult.Resolved([], resolution.Details) with { RefreshAt = refreshAt },
                    };
                }

                DnsSourceLog.EmptyAnswerHeld(logger, service, seen, spec.EmptyAfter, previous.LastGood?.Count ?? 0, resolution.Reason!);
                var held = $"{resolution.Reason} (empty answer {seen} of {spec.EmptyAfter} before the Service is emptied; keeping the last good endpoints)";
                return previous with
                {
                    ConsecutiveEmpty = seen,
                    Result = SourceResult.Failed(held, previous.LastGood) with { RefreshAt = refreshAt, Details = resolution.Details.ToValueList() },
                };

            default:
                DnsSourceLog.TransientFailure(logger, service, previous.LastGood?.Count ?? 0, resolution.Reason!);
                return previous with
                {
                    Result = SourceResult.Failed(resolution.Reason!, previous.LastGood) with { RefreshAt = refreshAt, Details = resolution.Details.ToValueList() },
                };
        }
    }
}
