using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using ExternalEndpointSync.Reporting.Metrics;
using ExternalEndpointSync.TestSupport.Deploy;
using Microsoft.Extensions.DependencyInjection;

namespace ExternalEndpointSync.Tests.Reporting.Metrics;

/// <summary>The README's "Metrics" table lists exactly the instruments the meter registers, each with its type.</summary>
public sealed partial class ReadmeMetricsTests
{
    [Fact]
    public void The_README_table_lists_every_instrument_with_its_type()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new SyncMetrics(services.GetRequiredService<IMeterFactory>(), TimeProvider.System);
        var registered = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (ReferenceEquals(instrument.Meter, metrics.Meter))
                {
                    registered[instrument.Name] = TypeOf(instrument);
                }
            },
        };
        listener.Start();

        var documented = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(DeployManifests.RepositoryRoot, "README.md")))
        {
            if (Row().Match(line) is { Success: true } row)
            {
                documented.Add(row.Groups["name"].Value, row.Groups["type"].Value);
            }
        }

        Assert.NotEmpty(registered);
        Assert.Equal(registered, documented);
    }

    private static string TypeOf(Instrument instrument) => instrument switch
    {
        Histogram<double> => "histogram",
        Counter<long> or ObservableCounter<long> => "counter",
        _ => "gauge",
    };

    [GeneratedRegex(@"^\| `(?<name>external_endpoint_sync_[a-z_]+)` \| (?<type>[a-z]+) \|")]
    private static partial Regex Row();
}
