namespace ExternalEndpointSync.Reporting.Events;

/// <summary>
/// How Events are written. The defaults are client-go's: tools/events (a buffer of 1000, a series
/// finished 6 minutes after its last repeat, refreshed every 30 minutes) and tools/record's per-object
/// spam filter (a burst of 25, then one every 5 minutes).
/// </summary>
public sealed record EventRecorderOptions
{
    /// <summary>The <c>reportingController</c> of every Event we write.</summary>
    public const string ReportingController = "externalendpoints.io/external-endpoint-sync";

    /// <summary>The <c>reportingInstance</c>: this process (the worker identity under <c>run</c>).</summary>
    public required string ReportingInstance { get; init; }

    public int BufferCapacity { get; init; } = 1000;

    public int Burst { get; init; } = 25;

    public TimeSpan RefillInterval { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan FinishSeriesAfter { get; init; } = TimeSpan.FromMinutes(6);

    public TimeSpan RefreshSeriesEvery { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How long disposing waits for the Events still buffered (<c>sync --once</c> exits right after).</summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
