using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace ExternalEndpointSync.TestSupport.Time;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports every timer created on it, so a test can wait
/// until code is really sleeping (a Polly retry delay) and then advance exactly past it, instead
/// of advancing too early and racing the code it drives.
/// </summary>
public sealed class TimerSignallingTimeProvider : TimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public FakeTimeProvider Fake { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>The due time of every timer created, in order.</summary>
    public ChannelReader<TimeSpan> Timers => _timers.Reader;

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = Fake.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits for the next timer to be created and advances the clock to its due time.</summary>
    public async Task<TimeSpan> AdvancePastNextTimerAsync(CancellationToken cancellationToken)
    {
        var due = await _timers.Reader.ReadAsync(cancellationToken);
        Fake.Advance(due);
        return due;
    }
}
