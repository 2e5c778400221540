namespace ExternalEndpointSync.Reporting.Events;

/// <summary>
/// A token bucket per object, on the injected clock: <c>burst</c> writes at once, then one per
/// refill interval (client-go tools/record's spam filter: 25, then one every 5 minutes), at the
/// times the caller says (the recorder's clock). Called from the recorder's single writer loop only.
/// </summary>
public sealed class ObjectRateLimiter(int burst, TimeSpan refillInterval)
{
    private readonly Dictionary<string, (double Tokens, DateTimeOffset At)> buckets = new(StringComparer.Ordinal);

    /// <summary>Takes one token of <paramref name="objectKey"/>'s bucket; false when it is empty.</summary>
    public bool TryTake(string objectKey, DateTimeOffset now)
    {
        var (tokens, at) = buckets.TryGetValue(objectKey, out var bucket) ? bucket : (burst, now);
        tokens = Math.Min(burst, tokens + ((now - at) / refillInterval));
        if (tokens < 1)
        {
            buckets[objectKey] = (tokens, now);
            return false;
        }

        buckets[objectKey] = (tokens - 1, now);
        return true;
    }
}
