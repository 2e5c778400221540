using System.Diagnostics;

namespace ExternalEndpointSync.TestSupport.Time;

/// <summary>
/// Waits for a condition of something that runs on real time and cannot be told to report — a
/// server process starting, a real library (the leader elector), the kernel — by asking again every
/// <see cref="Interval"/>. Never for a schedule of the product's own code: that takes an injected
/// TimeProvider. The one place tests wait on the clock this way.
/// </summary>
public static class Poll
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <returns>True once <paramref name="condition"/> holds; false when <paramref name="limit"/> passed first.</returns>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var started = Stopwatch.GetTimestamp();
        while (!await condition())
        {
            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                return false;
            }

            await Task.Delay(Interval, cancellationToken);
        }

        return true;
    }

    public static Task<bool> UntilAsync(Func<bool> condition, TimeSpan limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), limit, cancellationToken);
    }
}
