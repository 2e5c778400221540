using System.Collections.Concurrent;
using System.Net;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources.Dns;

/// <summary>
/// Resolves a bare hostname (a Consul instance address, say) through the DNS source, so it gets
/// the same TTL-following cache, fully-qualified lookups and failure reporting as a
/// <c>source.dns</c> registration. A hostname not asked for during <see cref="Retention"/> is
/// forgotten, so that instances coming and going for days do not pile up lookups.
/// </summary>
public sealed class DnsHostResolver(DnsSource dns, TimeProvider timeProvider)
{
    /// <summary>
    /// Longer than Consul's longest blocking wait (10 minutes), after which a watched service maps
    /// its instances, and so its hostnames, again even when nothing changed.
    /// </summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    private const string HostNamespace = "dns-host";

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastAsked = new(StringComparer.Ordinal);
    private DateTimeOffset _lastSweep = timeProvider.GetUtcNow();

    /// <summary>How many hostnames are remembered.</summary>
    public int Retained => _lastAsked.Count;

    /// <param name="nameservers">As a DNS source's <c>nameservers</c>; empty means the system resolver.</param>
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, ValueList<Nameserver> nameservers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (!DnsName.TryParse(host, out var name))
        {
            throw new HostResolutionException($"\"{host}\" is not a valid domain name");
        }

        ForgetUnused();
        _lastAsked[host] = timeProvider.GetUtcNow();
        var lookup = new ExternalServiceSpec
        {
            Name = host,
            Namespace = HostNamespace,
            Ports = [new ServicePortSpec { Port = 1 }],
            Source = new DnsSourceSpec { Name = name, Type = DnsRecordType.AAndAAAA, Nameservers = nameservers, EmptyAfter = 1 },
        };
        var result = await dns.ResolveAsync(lookup, cancellationToken);
        // A failed lookup fails even when the DNS source kept older addresses: the caller keeps its
        // own last good answer as a whole and must be able to report the failure.
        if (result.Error is not null || result.Endpoints is null)
        {
            throw new HostResolutionException(result.Error ?? "no answer");
        }

        return [.. result.Endpoints.Select(static e => IPAddress.Parse(e.Address))];
    }

    private void ForgetUnused()
    {
        var now = timeProvider.GetUtcNow();
        if (now - _lastSweep < Retention / 4)
        {
            return;
        }

        _lastSweep = now;
        foreach (var (host, askedAt) in _lastAsked)
        {
            if (now - askedAt > Retention && _lastAsked.TryRemove(host, out _))
            {
                dns.Forget(new ServiceKey(HostNamespace, host));
            }
        }
    }
}

/// <summary>A hostname that did not resolve to any address.</summary>
public sealed class HostResolutionException : Exception
{
    public HostResolutionException()
    {
    }

    public HostResolutionException(string message)
        : base(message)
    {
    }

    public HostResolutionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
