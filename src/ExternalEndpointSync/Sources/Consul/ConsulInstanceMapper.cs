using System.Net;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources.Consul;

/// <summary>
/// Turns the instances Consul returned into endpoints: chooses each instance's address and port,
/// resolves hostnames, maps check status to readiness, and writes the details line.
/// </summary>
public sealed class ConsulInstanceMapper
{
    private readonly IHostResolver _hosts;

    /// <param name="hosts">Resolves an instance address that is a hostname; the system resolver by default.</param>
    public ConsulInstanceMapper(IHostResolver? hosts = null) =>
        _hosts = hosts ?? SystemHostResolver.Instance;

    /// <param name="datacenter">The datacenter asked for, or null for the agent's own.</param>
    public async Task<SourceResult> MapAsync(
        ConsulSourceSpec spec,
        string? datacenter,
        IReadOnlyList<ConsulServiceEntry> entries,
        ulong index,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(entries);
        var resolved = new Dictionary<string, IReadOnlyList<IPAddress>>(StringComparer.OrdinalIgnoreCase);
        var failures = new List<string>();
        var endpoints = new List<ResolvedEndpoint>();
        var counts = new int[Enum.GetValues<ConsulInstanceHealth>().Length];
        var instances = 0;
        foreach (var raw in entries)
        {
            if (Complete(raw) is not { } entry)
            {
                failures.Add($"Consul returned an entry without {(raw?.Node is null ? "Node" : "Service")} (instance {raw?.Service?.ID ?? "?"})");
                continue;
            }

            var health = ConsulInstanceHealthRules.Aggregate(entry.Checks);
            // Consul already filters with `passing`; filtering again keeps a lagging server honest.
            if (spec.OnlyPassing && health != ConsulInstanceHealth.Passing)
            {
                continue;
            }

            instances++;
            counts[(int)health]++;
            var (address, port) = ChooseAddress(entry, spec.AddressPreference);
            if (string.IsNullOrEmpty(address))
            {
                failures.Add($"instance {entry.Service.ID} on node {entry.Node.Node} has no address");
                continue;
            }

            var ready = ConsulInstanceHealthRules.IsReady(health, spec.OnlyPassing);
            if (IPAddress.TryParse(address, out var ip))
            {
                endpoints.Add(new ResolvedEndpoint { Address = ip.ToString(), Port = port, SourceReady = ready });
                continue;
            }

            var addresses = await ResolveAsync(address, resolved, failures, cancellationToken);
            endpoints.AddRange(addresses.Select(a => new ResolvedEndpoint { Address = a.ToString(), Port = port, SourceReady = ready }));
        }

        var merged = endpoints
            .GroupBy(static e => (e.Address, e.Port))
            .Select(static g => g.First() with { SourceReady = g.Any(static e => e.SourceReady == true) })
            .OrderBy(static e => e.Address, StringComparer.Ordinal)
            .ThenBy(static e => e.Port)
            .ToList();
        var details = new List<string> { DescribeAnswer(spec, datacenter ?? (entries.Count > 0 ? entries[0]?.Node?.Datacenter : null), instances, counts, index) };
        details.AddRange(failures);
        return new SourceResult
        {
            Endpoints = merged.ToValueList(),
            Details = details.ToValueList(),
            Error = failures.Count == 0 ? null : string.Join("; ", failures),
        };
    }

    /// <summary>
    /// The first preferred tagged address present (the service's, then the node's), else
    /// <c>Service.Address</c>, else <c>Node.Address</c>. A service tagged address carries its own port.
    /// </summary>
    internal static (string? Address, int? Port) ChooseAddress(ConsulServiceEntry entry, IReadOnlyList<string> preference)
    {
        int? servicePort = entry.Service.Port > 0 ? entry.Service.Port : null;
        foreach (var name in preference)
        {
            if (entry.Service.TaggedAddresses?.TryGetValue(name, out var tagged) == true && !string.IsNullOrEmpty(tagged.Address))
            {
                return (tagged.Address, tagged.Port > 0 ? tagged.Port : servicePort);
            }

            if (entry.Node.TaggedAddresses?.TryGetValue(name, out var nodeTagged) == true && !string.IsNullOrEmpty(nodeTagged))
            {
                return (nodeTagged, servicePort);
            }
        }

        var address = string.IsNullOrEmpty(entry.Service.Address) ? entry.Node.Address : entry.Service.Address;
        return (address, servicePort);
    }

    private async Task<IReadOnlyList<IPAddress>> ResolveAsync(
        string host,
        Dictionary<string, IReadOnlyList<IPAddress>> resolved,
        List<string> failures,
        CancellationToken cancellationToken)
    {
        if (resolved.TryGetValue(host, out var known))
        {
            return known;
        }

        IReadOnlyList<IPAddress> addresses;
        try
        {
            addresses = await _hosts.ResolveAsync(host, cancellationToken);
            if (addresses.Count == 0)
            {
                failures.Add($"hostname {host} resolved to no addresses");
            }
        }
        // Whatever the plugged-in resolver throws, short of this read being cancelled, costs only this hostname.
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failures.Add($"hostname {host} did not resolve: {e.Message}");
            addresses = [];
        }

        resolved[host] = addresses;
        return addresses;
    }

    private static string DescribeAnswer(ConsulSourceSpec spec, string? datacenter, int instances, int[] counts, ulong index)
    {
        var tags = spec.Tags.Count == 0 ? "" : $" [{string.Join(",", spec.Tags)}]";
        var scope = string.Concat(
            string.IsNullOrEmpty(spec.Partition) ? "" : $" partition {spec.Partition}",
            string.IsNullOrEmpty(spec.Namespace) ? "" : $" ns {spec.Namespace}");
        var health = string.Join(", ", Enum.GetValues<ConsulInstanceHealth>()
            .Where(h => counts[(int)h] > 0)
            .Select(h => $"{counts[(int)h]} {h.ToString().ToLowerInvariant()}"));
        var noun = instances == 1 ? "instance" : "instances";
        var healthPart = instances == 0 ? "" : $" ({health})";
        return $"consul {spec.Service}{tags} {datacenter ?? "local-dc"}{scope}: {instances} {noun}{healthPart} index {index}";
    }

    /// <summary>
    /// The entry with the nulls Consul (or a proxy in front of it) may send where the API promises
    /// values: null when Node or Service is missing; checks without an id or status kept, as critical.
    /// </summary>
    private static ConsulServiceEntry? Complete(ConsulServiceEntry? entry)
    {
        if (entry?.Node is null || entry.Service is null)
        {
            return null;
        }

        var checks = entry.Checks?
            .Where(static check => check is not null)
            .Select(static check => check with { CheckID = check.CheckID ?? "", Status = check.Status ?? "", Name = check.Name ?? "" })
            .ToList();
        return entry with { Checks = checks };
    }
}
