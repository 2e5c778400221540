using System.Diagnostics;
using System.Globalization;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.Sources.Dns;
using ExternalEndpointSync.TestSupport.Dns;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ExternalEndpointSync.Benchmarks.Dns;

/// <summary>
/// 1,000 names in a real dnsmasq, each resolved twice per TTL period over two periods on a fake
/// clock: the DNS source should send one query per name per period, whatever the call rate.
/// </summary>
public sealed class DnsBenchmark : IBenchmark
{
    private const int Names = 1000;
    private const int Periods = 2;
    private const int CallsPerPeriod = 2;
    private const int Concurrency = 32;
    private const int TtlSeconds = 60;

    public string Name => "dns";

    public string Description => $"{Names} names through dnsmasq over {Periods} TTL periods: queries per name per period, names/s, CPU, memory";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var records = new DnsmasqRecords().LocalDomain("bench.test");
        var names = Enumerable.Range(0, Names).Select(static i => $"name-{i:D4}.bench.test").ToList();
        for (var i = 0; i < names.Count; i++)
        {
            records.Host(names[i], TtlSeconds, $"198.18.{i / 250}.{(i % 250) + 1}");
        }

        await using var dns = await DnsmasqServer.StartAsync(records, cancellationToken: cancellationToken);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var source = new DnsSource(time, NullLogger<DnsSource>.Instance, new LookupClientFactory());
        var services = names.Select(name => new ExternalServiceSpec
        {
            Name = name.Split('.')[0],
            Namespace = "bench",
            Ports = [new ServicePortSpec { Port = 80 }],
            Source = new DnsSourceSpec { Name = DnsName.Parse(name), Nameservers = [Nameserver.Parse(dns.Nameserver)] },
        }).ToList();

        var usage = ProcessUsage.Start();
        var queried = TimeSpan.Zero;
        var cached = TimeSpan.Zero;
        var failures = 0;
        for (var period = 0; period < Periods; period++)
        {
            for (var call = 0; call < CallsPerPeriod; call++)
            {
                var pass = Stopwatch.StartNew();
                var results = await ResolveAllAsync(source, services, cancellationToken);
                pass.Stop();
                failures += results.Count(static result => result.Error is not null);
                if (call == 0)
                {
                    queried += pass.Elapsed;
                }
                else
                {
                    cached += pass.Elapsed;
                }

                time.Advance(TimeSpan.FromSeconds(1));
            }

            time.Advance(TimeSpan.FromSeconds(TtlSeconds));
        }

        var cpu = usage.CpuTime();
        var queries = await dns.QueriesAsync(cancellationToken);
        var perNamePerPeriod = (double)queries.Count / (Names * Periods);
        var resolvedFromDns = Names * Periods;
        var resolvedFromCache = Names * Periods * (CallsPerPeriod - 1);

        output.WriteLine(Invariant($"dns: {Names} names, A records with ttl {TtlSeconds}s, {Periods} TTL periods on a fake clock, {CallsPerPeriod} calls per name per period, {Concurrency} concurrent resolutions"));
        output.WriteLine(Invariant($"queries sent per name per TTL period: {perNamePerPeriod:F2} ({queries.Count} queries; target 1)"));
        output.WriteLine(Invariant($"resolution throughput: {resolvedFromDns / queried.TotalSeconds:F0} names/s asking dnsmasq, {resolvedFromCache / cached.TotalSeconds:F0} names/s within the TTL"));
        output.WriteLine(Invariant($"cpu time: {cpu.TotalSeconds:F2} s over {usage.Elapsed.TotalSeconds:F2} s wall ({cpu.TotalMilliseconds / resolvedFromDns:F3} ms per name asked)"));
        output.WriteLine(Invariant($"peak working set: {ProcessUsage.PeakWorkingSetBytes() / (1024.0 * 1024.0):F1} MiB"));
        output.WriteLine(Invariant($"failed resolutions: {failures}"));
    }

    private static async Task<SourceResult[]> ResolveAllAsync(DnsSource source, List<ExternalServiceSpec> services, CancellationToken cancellationToken)
    {
        var results = new SourceResult[services.Count];
        await Parallel.ForAsync(0, services.Count, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (i, token) =>
            results[i] = await source.ResolveAsync(services[i], token));
        return results;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
