using System.Collections.Concurrent;
using System.Net;
using DnsClient;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources.Dns;

/// <summary>
/// Resolves bare hostnames (Consul instance addresses, say) with the DNS source's machinery, so
/// they get the same TTL-following answers, fully-qualified lookups and failure descriptions as
/// a <c>source.dns</c> name asked for A and AAAA. A hostname not asked for during
/// <see cref="Retention"/> is forgotten, so that instances coming and going for days do not pile
/// up answers.
/// </summary>
public sealed class DnsHostResolver : IHostResolver
{
    /// <summary>
    /// Longer than Consul's longest blocking wait (10 minutes), after which a watched service maps
    /// its instances, and so its hostnames, again even when nothing changed.
    /// </summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    private readonly ValueList<Nameserver> nameservers;
    private readonly TimeProvider timeProvider;
    private readonly Lazy<ILookupClient> client;
    private readonly DnsAnswerCache answers;
    private readonly ConcurrentDictionary<DnsName, DateTimeOffset> lastAsked = new();
    private DateTimeOffset lastSweep;

    /// <param name="nameservers">Empty means the system resolver.</param>
    public DnsHostResolver(ValueList<Nameserver> nameservers, ILookupClientFactory clientFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(nameservers);
        ArgumentNullException.ThrowIfNull(clientFactory);
        this.nameservers = nameservers;
        this.timeProvider = timeProvider;
        answers = new DnsAnswerCache(timeProvider);
        lastSweep = timeProvider.GetUtcNow();
        var defaults = Lookup(DnsName.Parse("unused"));
        client = new Lazy<ILookupClient>(() => clientFactory.Create(new DnsLookupSettings([.. nameservers.Select(static server => server.EndPoint)], defaults.Timeout, defaults.Retries)));
    }

    /// <summary>How many hostnames are remembered, and how many answers are cached.</summary>
    public (int Hosts, int Answers) Retained => (lastAsked.Count, answers.Count);

    /// <exception cref="DnsConfigurationException">No name server is configured and the system names none.</exception>
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (!DnsName.TryParse(host, out var name))
        {
            throw new HostResolutionException($"\"{host}\" is not a valid domain name");
        }

        ForgetUnused();
        lastAsked[name] = timeProvider.GetUtcNow();
        var spec = Lookup(name);
        var answer = await answers.GetAsync(Question(spec), spec, force: false, () => DnsResolver.ResolveAsync(client.Value, spec, CancellationToken.None), cancellationToken);
        var resolution = answer.Resolution;
        return resolution.Status switch
        {
            DnsQueryStatus.Records => [.. resolution.Endpoints.Select(static e => IPAddress.Parse(e.Address))],
            DnsQueryStatus.Empty => [],
            _ => throw new HostResolutionException(resolution.Reason ?? "no answer"),
        };
    }

    private DnsSourceSpec Lookup(DnsName name) => new() { Name = name, Type = DnsRecordType.AAndAAAA, Nameservers = nameservers };

    private static DnsQuestionKey Question(DnsSourceSpec spec) => new("", spec.Name.Value.ToLowerInvariant(), spec.Type);

    private void ForgetUnused()
    {
        var now = timeProvider.GetUtcNow();
        if (now - lastSweep < Retention / 4)
        {
            return;
        }

        lastSweep = now;
        foreach (var (host, askedAt) in lastAsked)
        {
            if (now - askedAt > Retention)
            {
                lastAsked.TryRemove(host, out _);
            }
        }

        answers.RemoveAllBut(lastAsked.Keys.Select(host => Question(Lookup(host))));
    }
}
