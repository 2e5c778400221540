using System.Globalization;
using System.Text;
using System.Threading.Channels;
using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Reporting.Metrics;
using ExternalEndpointSync.Worker;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Reporting.Events;

/// <summary>
/// Writes Events the way client-go's tools/events broadcaster does, on one background loop fed by
/// a bounded buffer (full: the Event is dropped, counted and logged; a sync never waits).
/// <list type="bullet">
/// <item>Isomorphic Events (same type, action, reason, reporting controller and instance, regarding
/// object) form a series: the first is created, the second PATCHes <c>series</c> (count 2) at once,
/// later ones only count; a series is written again every <see cref="EventRecorderOptions.RefreshSeriesEvery"/>
/// and a last time, then forgotten, once it had no repeat for <see cref="EventRecorderOptions.FinishSeriesAfter"/>.
/// The note stays the first one's, as in client-go.</item>
/// <item>Every write takes a token of its object's bucket (<see cref="ObjectRateLimiter"/>); a create
/// without one is dropped, a series write without one waits for the next round.</item>
/// <item>A failed write is logged and counted, never retried at once and never raised to the sync.</item>
/// </list>
/// </summary>
public sealed partial class EventRecorder : IEventRecorder, IAsyncDisposable
{
    private const int NoteLimitBytes = 1024;
    private readonly Channel<Work> pending;
    private readonly Dictionary<SeriesKey, Series> series = [];
    private readonly IEventSink sink;
    private readonly EventRecorderOptions options;
    private readonly TimeProvider time;
    private readonly SyncMetrics metrics;
    private readonly ILogger<EventRecorder> logger;
    private readonly ObjectRateLimiter limiter;
    private readonly CancellationTokenSource stopping = new();
    private readonly ITimer rounds;
    private readonly Task loop;
    private DateTimeOffset lastRefresh;
    private long lastNameNanos;

    public EventRecorder(IEventSink sink, EventRecorderOptions options, TimeProvider time, SyncMetrics metrics, ILogger<EventRecorder> logger)
    {
        this.sink = sink ?? throw new ArgumentNullException(nameof(sink));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        limiter = new ObjectRateLimiter(options.Burst, options.RefillInterval);
        pending = Channel.CreateBounded<Work>(new BoundedChannelOptions(options.BufferCapacity) { SingleReader = true });
        lastRefresh = time.GetUtcNow();
        rounds = time.CreateTimer(_ => pending.Writer.TryWrite(new Round(time.GetUtcNow())), null, options.FinishSeriesAfter, options.FinishSeriesAfter);
        loop = Task.Run(RunAsync);
    }

    public void Record(V1ObjectReference regarding, EventReason reason, string note)
    {
        ArgumentNullException.ThrowIfNull(regarding);
        ArgumentNullException.ThrowIfNull(reason);
        if (!pending.Writer.TryWrite(new Occurrence(regarding, reason, Truncate(note ?? string.Empty), time.GetUtcNow())))
        {
            metrics.EventDropped();
            Log.BufferFull(logger, reason.Reason, Describe(regarding));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await rounds.DisposeAsync();
        pending.Writer.TryComplete();
        try
        {
            await loop.WaitAsync(options.FlushTimeout, time);
        }
        catch (TimeoutException)
        {
            await stopping.CancelAsync();
            Log.FlushTimedOut(logger, options.FlushTimeout.TotalSeconds);
        }

        stopping.Dispose();
    }

    private async Task RunAsync()
    {
        await foreach (var work in pending.Reader.ReadAllAsync())
        {
            await (work switch
            {
                Occurrence occurrence => ObserveAsync(occurrence),
                _ => RoundAsync(work.At),
            });
        }
    }

    private async Task ObserveAsync(Occurrence occurrence)
    {
        var key = SeriesKey.Of(occurrence);
        var observed = MicroTimes.Truncate(occurrence.At.UtcDateTime);
        if (series.TryGetValue(key, out var known))
        {
            known.Count++;
            known.LastObserved = observed;
            if (known.Count == 2)
            {
                await WriteSeriesAsync(known, occurrence.At);
            }

            return;
        }

        var recorded = new Eventsv1Event
        {
            ApiVersion = "events.k8s.io/v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta
            {
                Name = NameFor(occurrence),
                NamespaceProperty = occurrence.Regarding.NamespaceProperty,
            },
            EventTime = observed,
            ReportingController = EventRecorderOptions.ReportingController,
            ReportingInstance = options.ReportingInstance,
            Action = occurrence.Reason.Action,
            Reason = occurrence.Reason.Reason,
            Type = occurrence.Reason.Type,
            Note = occurrence.Note,
            Regarding = Copy(occurrence.Regarding),
        };
        var objectKey = Describe(occurrence.Regarding);
        if (await WriteAsync(recorded, objectKey, occurrence.At, "create", ct => sink.CreateAsync(recorded, ct)) is (WriteResult.Written, { } created))
        {
            series[key] = new Series(created, objectKey) { LastObserved = observed };
        }
    }

    /// <summary>Finishes the series quiet for long enough and refreshes the others when due (client-go's finishSeries and refreshExistingEventSeries).</summary>
    private async Task RoundAsync(DateTimeOffset now)
    {
        var refresh = now - lastRefresh >= options.RefreshSeriesEvery;
        if (refresh)
        {
            lastRefresh = now;
        }

        foreach (var (key, known) in series.ToList())
        {
            var quiet = known.LastObserved < MicroTimes.Truncate((now - options.FinishSeriesAfter).UtcDateTime);
            if (known.Count == 1)
            {
                if (quiet)
                {
                    series.Remove(key);
                }
            }
            else if (quiet)
            {
                if (await WriteSeriesAsync(known, now) is not WriteResult.Deferred)
                {
                    series.Remove(key);
                }
            }
            else if (refresh)
            {
                await WriteSeriesAsync(known, now);
            }
        }
    }

    private async Task<WriteResult> WriteSeriesAsync(Series known, DateTimeOffset now)
    {
        var recorded = known.Event;
        recorded.Series = new Eventsv1EventSeries { Count = known.Count, LastObservedTime = known.LastObserved };
        var (result, written) = await WriteAsync(recorded, known.ObjectKey, now, "patch", async ct =>
            await sink.PatchSeriesAsync(recorded, ct) ?? await sink.CreateAsync(Recreated(recorded), ct));
        if (written is not null)
        {
            known.Event = written;
        }

        return result;
    }

    private async Task<(WriteResult Result, Eventsv1Event? Written)> WriteAsync(
        Eventsv1Event recorded, string objectKey, DateTimeOffset now, string verb, Func<CancellationToken, Task<Eventsv1Event>> write)
    {
        if (!sink.MayWrite)
        {
            metrics.EventWritten("not_leader");
            return (WriteResult.Deferred, null);
        }

        if (!limiter.TryTake(objectKey, now))
        {
            metrics.EventWritten("rate_limited");
            Log.RateLimited(logger, recorded.Reason, objectKey);
            return (WriteResult.Deferred, null);
        }

        try
        {
            var written = await write(stopping.Token);
            metrics.EventWritten("success");
            return (WriteResult.Written, written);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            metrics.EventWritten("failure");
            Log.WriteFailed(logger, verb, recorded.Reason, objectKey, KubernetesErrors.Describe(e));
            return (WriteResult.Failed, null);
        }
    }

    /// <summary>
    /// client-go's <c>name.unixNanos</c> in hex, kept increasing: two Events recorded in the same
    /// tick (a report with a source and a write failure) must not collide.
    /// </summary>
    private string NameFor(Occurrence occurrence)
    {
        lastNameNanos = Math.Max(lastNameNanos + 1, (occurrence.At - DateTimeOffset.UnixEpoch).Ticks * 100);
        return string.Create(CultureInfo.InvariantCulture, $"{occurrence.Regarding.Name}.{lastNameNanos:x}");
    }

    /// <summary>The Event of a series that is gone from the server (deleted, or expired by its TTL): created anew with its count.</summary>
    private static Eventsv1Event Recreated(Eventsv1Event recorded)
    {
        recorded.Metadata = new V1ObjectMeta { Name = recorded.Metadata.Name, NamespaceProperty = recorded.Metadata.NamespaceProperty };
        return recorded;
    }

    private static V1ObjectReference Copy(V1ObjectReference reference) => new()
    {
        ApiVersion = reference.ApiVersion,
        Kind = reference.Kind,
        NamespaceProperty = reference.NamespaceProperty,
        Name = reference.Name,
        Uid = reference.Uid,
        FieldPath = reference.FieldPath,
    };

    private static string Describe(V1ObjectReference reference) => $"{reference.Kind} {reference.NamespaceProperty}/{reference.Name}";

    /// <summary>The API server counts the note's bytes (1 kB at most); a cut never splits a character.</summary>
    private static string Truncate(string note)
    {
        if (Encoding.UTF8.GetByteCount(note) <= NoteLimitBytes)
        {
            return note;
        }

        var length = note.Length;
        while (Encoding.UTF8.GetByteCount(note.AsSpan(0, length)) > NoteLimitBytes - 3 || (length > 0 && char.IsHighSurrogate(note[length - 1])))
        {
            length--;
        }

        return note[..length] + "…";
    }

    private enum WriteResult
    {
        Written,
        Deferred,
        Failed,
    }

    /// <summary>What the writer loop does next, stamped with when it was asked for.</summary>
    private abstract record Work(DateTimeOffset At);

    private sealed record Occurrence(V1ObjectReference Regarding, EventReason Reason, string Note, DateTimeOffset At) : Work(At);

    private sealed record Round(DateTimeOffset At) : Work(At);

    /// <summary>client-go's eventKey: what makes two Events repeats of one another (not the note).</summary>
    private readonly record struct SeriesKey(string Type, string Action, string Reason, string? ApiVersion, string? Kind, string? Namespace, string? Name, string? Uid)
    {
        public static SeriesKey Of(Occurrence o) => new(
            o.Reason.Type, o.Reason.Action, o.Reason.Reason, o.Regarding.ApiVersion, o.Regarding.Kind, o.Regarding.NamespaceProperty, o.Regarding.Name, o.Regarding.Uid);
    }

    private sealed class Series(Eventsv1Event written, string objectKey)
    {
        public Eventsv1Event Event { get; set; } = written;

        public string ObjectKey { get; } = objectKey;

        public int Count { get; set; } = 1;

        public DateTime LastObserved { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 700, Level = LogLevel.Warning, Message = "Event {Reason} about {Object} dropped: the event buffer is full")]
        public static partial void BufferFull(ILogger logger, string reason, string @object);

        [LoggerMessage(EventId = 701, Level = LogLevel.Debug, Message = "Event {Reason} about {Object} not written: too many Events about it lately")]
        public static partial void RateLimited(ILogger logger, string reason, string @object);

        [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "Writing Event {Reason} about {Object} failed ({Verb}): {Error}")]
        public static partial void WriteFailed(ILogger logger, string verb, string reason, string @object, string error);

        [LoggerMessage(EventId = 703, Level = LogLevel.Warning, Message = "Events still buffered after {Seconds} s at shutdown were not written")]
        public static partial void FlushTimedOut(ILogger logger, double seconds);
    }
}
