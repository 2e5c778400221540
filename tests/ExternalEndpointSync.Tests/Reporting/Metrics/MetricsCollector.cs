using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ExternalEndpointSync.Tests.Reporting.Metrics;

/// <summary>
/// Every measurement of one <see cref="Meter"/> (not of others of the same name, which tests
/// running beside it create), summed per instrument and label set; gauges are read on demand.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, double> sums = new();
    private readonly ConcurrentDictionary<string, double> gauges = new();

    public MetricsCollector(Meter meter)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                l.EnableMeasurementEvents(instrument);
                Instruments.Add(instrument.Name);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        listener.Start();
    }

    /// <summary>The names of the meter's instruments.</summary>
    public ConcurrentBag<string> Instruments { get; } = [];

    /// <summary>Counters summed; for a histogram the number of recordings.</summary>
    public double Sum(string instrument, params (string Key, string Value)[] labels) => sums.GetValueOrDefault(Key(instrument, labels));

    /// <summary>Counters summed over every label set that has all of <paramref name="labels"/> (and any others).</summary>
    public double SumOver(string instrument, params (string Key, string Value)[] labels) =>
        sums.Where(s => s.Key.StartsWith(instrument + "{", StringComparison.Ordinal)
                && labels.All(l => s.Key[(instrument.Length + 1)..^1].Split(',').Contains($"{l.Key}={l.Value}", StringComparer.Ordinal)))
            .Sum(static s => s.Value);

    /// <summary>The value of an observable instrument as it is now.</summary>
    public double Observe(string instrument, params (string Key, string Value)[] labels)
    {
        gauges.Clear();
        listener.RecordObservableInstruments();
        return gauges.GetValueOrDefault(Key(instrument, labels), double.NaN);
    }

    public void Dispose() => listener.Dispose();

    private static string Key(string instrument, IEnumerable<(string Key, string Value)> labels) =>
        $"{instrument}{{{string.Join(",", labels.OrderBy(static l => l.Key, StringComparer.Ordinal).Select(static l => $"{l.Key}={l.Value}"))}}}";

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new List<(string, string)>();
        foreach (var tag in tags)
        {
            labels.Add((tag.Key, tag.Value?.ToString() ?? ""));
        }

        var key = Key(instrument.Name, labels);
        if (instrument.IsObservable)
        {
            gauges[key] = value;
        }
        else
        {
            sums.AddOrUpdate(key, instrument is Histogram<double> ? 1 : value, (_, sum) => sum + (instrument is Histogram<double> ? 1 : value));
        }
    }
}
