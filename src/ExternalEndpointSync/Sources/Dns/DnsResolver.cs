using System.Globalization;
using DnsClient;
using DnsClient.Protocol;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources.Dns;

/// <summary>Asks every question a <see cref="DnsSourceSpec"/> needs and combines the answers.</summary>
internal static class DnsResolver
{
    private static readonly QueryType[] BothFamilies = [QueryType.A, QueryType.AAAA];

    public static Task<DnsResolution> ResolveAsync(ILookupClient client, DnsSourceSpec spec, CancellationToken cancellationToken) => spec.Type switch
    {
        DnsRecordType.A => ResolveAddressesAsync(client, spec.Name.Value, [QueryType.A], cancellationToken),
        DnsRecordType.AAAA => ResolveAddressesAsync(client, spec.Name.Value, [QueryType.AAAA], cancellationToken),
        DnsRecordType.AAndAAAA => ResolveAddressesAsync(client, spec.Name.Value, BothFamilies, cancellationToken),
        DnsRecordType.SRV => ResolveServiceAsync(client, spec.Name.Value, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Type, "unknown DNS record type"),
    };

    private static async Task<DnsResolution> ResolveAddressesAsync(ILookupClient client, string name, QueryType[] types, CancellationToken cancellationToken)
    {
        var outcomes = await AskAllAsync(client, name, types, cancellationToken);
        var details = types.Zip(outcomes, (type, outcome) => DescribeAddresses(name, type, outcome)).ToList();
        var failed = types.Zip(outcomes).FirstOrDefault(static pair => pair.Second.Status == DnsQueryStatus.TransientFailure);
        if (failed.Second is { } failure)
        {
            return Failure($"{DnsQuery.Display(name)} {failed.First}: {failure.Reason}", details);
        }

        var endpoints = outcomes
            .SelectMany(static outcome => Addresses(outcome))
            .Distinct(StringComparer.Ordinal)
            .Select(static address => new ResolvedEndpoint { Address = address })
            .ToList();
        return new DnsResolution
        {
            Status = endpoints.Count > 0 ? DnsQueryStatus.Records : DnsQueryStatus.Empty,
            Endpoints = endpoints,
            Ttl = Shortest(outcomes),
            Reason = endpoints.Count > 0 ? null : EmptyReason(name, types, outcomes),
            Details = details,
        };
    }

    private static async Task<DnsResolution> ResolveServiceAsync(ILookupClient client, string name, CancellationToken cancellationToken)
    {
        var service = await DnsQuery.AskAsync(client, name, QueryType.SRV, cancellationToken);
        var serviceLine = $"{DnsQuery.Display(name)} SRV";
        switch (service.Status)
        {
            case DnsQueryStatus.TransientFailure:
                return Failure($"{serviceLine}: {service.Reason}", [$"{serviceLine} failed: {service.Reason}"]);
            case DnsQueryStatus.Empty:
                return new DnsResolution
                {
                    Status = DnsQueryStatus.Empty,
                    Ttl = service.Ttl,
                    Reason = $"{serviceLine}: {service.Reason}",
                    Details = [$"{serviceLine} {service.Reason}{TtlSuffix(service.Ttl)}"],
                };
        }

        var records = service.Records.OfType<SrvRecord>()
            .OrderBy(static record => record.Priority)
            .ThenByDescending(static record => record.Weight)
            .ThenBy(static record => record.Target.Value, StringComparer.Ordinal)
            .ToList();
        // RFC 2782: a target of "." says the service is decidedly not available at this name.
        var hosts = records.Select(static record => DnsQuery.Display(record.Target.Value)).Where(static host => host.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var answers = await Task.WhenAll(hosts.Select(async host => (Host: host, Outcomes: await AskAllAsync(client, host, BothFamilies, cancellationToken))));
        var byHost = answers.ToDictionary(static answer => answer.Host, static answer => answer.Outcomes, StringComparer.OrdinalIgnoreCase);

        var targets = records.Select(record =>
        {
            var host = DnsQuery.Display(record.Target.Value);
            var addresses = byHost.TryGetValue(host, out var outcomes) ? outcomes.SelectMany(Addresses).Distinct(StringComparer.Ordinal).ToList() : [];
            return new SrvTarget(record.Priority, record.Weight, record.Port, host, addresses);
        }).ToList();
        var details = targets.Select(target => DescribeTarget(serviceLine, target, byHost.GetValueOrDefault(target.Host))).ToList();

        var failed = answers
            .SelectMany(static answer => BothFamilies.Zip(answer.Outcomes, (type, outcome) => (answer.Host, Type: type, Outcome: outcome)))
            .FirstOrDefault(static question => question.Outcome.Status == DnsQueryStatus.TransientFailure);
        if (failed.Outcome is { } failure)
        {
            // Publishing the targets that did answer could silently drop the better group.
            return Failure($"{serviceLine} target {failed.Host} {failed.Type}: {failure.Reason}", details);
        }

        // Every group that resolved goes on: which one is published depends on health (RFC 2782
        // failover happens in the health stage), so a group that is up but unreachable is not final.
        var ttl = Shortest([service, .. answers.SelectMany(static answer => answer.Outcomes)]);
        var priorities = targets.Where(static target => target.Addresses.Count > 0).Select(static target => target.Priority).Distinct().ToList();
        details.Add(priorities.Count > 0
            ? $"{serviceLine} publishing priority {DescribePriorities(priorities)}{TtlSuffix(ttl)}"
            : $"{serviceLine} no target resolved to an address{TtlSuffix(ttl)}");
        var endpoints = targets
            .SelectMany(static target => target.Addresses.Select(address => new ResolvedEndpoint { Address = address, Port = target.Port, Priority = target.Priority }))
            .DistinctBy(static endpoint => (endpoint.Address, endpoint.Port))
            .ToList();
        return new DnsResolution
        {
            Status = endpoints.Count > 0 ? DnsQueryStatus.Records : DnsQueryStatus.Empty,
            Endpoints = endpoints,
            Ttl = ttl,
            Reason = endpoints.Count > 0 ? null : $"{serviceLine}: no target resolved to an address",
            Details = details,
        };
    }

    private static Task<DnsQueryOutcome[]> AskAllAsync(ILookupClient client, string name, QueryType[] types, CancellationToken cancellationToken) =>
        Task.WhenAll(types.Select(type => DnsQuery.AskAsync(client, name, type, cancellationToken)));

    private static IEnumerable<string> Addresses(DnsQueryOutcome outcome) =>
        outcome.Records.OfType<AddressRecord>().Select(static record => record.Address.ToString());

    private static TimeSpan? Shortest(IEnumerable<DnsQueryOutcome> outcomes) =>
        outcomes.Select(static outcome => outcome.Ttl).Where(static ttl => ttl is not null).Min();

    private static DnsResolution Failure(string reason, IReadOnlyList<string> details) =>
        new() { Status = DnsQueryStatus.TransientFailure, Reason = reason, Details = details };

    private static string EmptyReason(string name, QueryType[] types, DnsQueryOutcome[] outcomes) =>
        $"{DnsQuery.Display(name)} {string.Join('+', types)}: {string.Join(", ", outcomes.Select(static outcome => outcome.Reason).Distinct())}";

    // Details list addresses sorted: servers rotate the order of records, and dry-run output should
    // differ only when the answer does.
    private static string DescribeAddresses(string name, QueryType type, DnsQueryOutcome outcome)
    {
        var chain = string.Concat(outcome.CnameChain.Select(static alias => $" → {alias}"));
        return outcome.Status switch
        {
            DnsQueryStatus.Records => $"{DnsQuery.Display(name)}{chain} {type} {string.Join(", ", Addresses(outcome).Order(StringComparer.Ordinal))}{TtlSuffix(outcome.Ttl)}",
            DnsQueryStatus.Empty => $"{DnsQuery.Display(name)}{chain} {type} {outcome.Reason}{TtlSuffix(outcome.Ttl)}",
            _ => $"{DnsQuery.Display(name)} {type} failed: {outcome.Reason}",
        };
    }

    private static string DescribeTarget(string serviceLine, SrvTarget target, DnsQueryOutcome[]? outcomes)
    {
        var record = string.Create(CultureInfo.InvariantCulture, $"{serviceLine} {target.Priority} {target.Weight} {target.Port} {target.Host}");
        if (target.Addresses.Count > 0)
        {
            var aliases = outcomes?.SelectMany(static outcome => outcome.CnameChain).Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? [];
            var via = aliases.Count > 0 ? $" (via {string.Join(" → ", aliases)})" : "";
            return $"{record} → {string.Join(", ", target.Addresses.Order(StringComparer.Ordinal))}{via}";
        }

        var reasons = outcomes?.Select(static outcome => outcome.Reason).Distinct() ?? ["service not available (target \".\")"];
        return $"{record} → no addresses ({string.Join(", ", reasons)})";
    }

    /// <summary>"10" or "10 (then 20, 30 when every better target is unhealthy)"; priorities in ascending order.</summary>
    private static string DescribePriorities(List<int> priorities)
    {
        var best = priorities[0].ToString(CultureInfo.InvariantCulture);
        return priorities.Count == 1
            ? best
            : $"{best} (then {string.Join(", ", priorities.Skip(1).Select(static p => p.ToString(CultureInfo.InvariantCulture)))} when every better target is unhealthy)";
    }

    private static string TtlSuffix(TimeSpan? ttl) =>
        ttl is { } value ? string.Create(CultureInfo.InvariantCulture, $" (ttl {(long)value.TotalSeconds}s)") : "";
}
