using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources.Dns;

/// <summary>
/// The latest answer per question, so that registrations sharing a name send one query per TTL
/// period between them, and concurrent callers join a lookup already under way.
/// </summary>
internal sealed class DnsAnswerCache(TimeProvider timeProvider)
{
    private readonly Dictionary<DnsQuestionKey, Task<DnsAnswer>> answers = [];
    private readonly Lock gate = new();

    /// <summary>
    /// The cached answer while it is fresh for <paramref name="spec"/> (or still being looked up),
    /// else the result of <paramref name="lookup"/>. The lookup is never cancelled by one caller
    /// giving up, since others may be waiting for it; DNS timeouts bound it.
    /// </summary>
    public Task<DnsAnswer> GetAsync(DnsQuestionKey key, DnsSourceSpec spec, bool force, Func<Task<DnsResolution>> lookup, CancellationToken cancellationToken)
    {
        Task<DnsAnswer>? answer;
        TaskCompletionSource<DnsAnswer>? started = null;
        lock (gate)
        {
            if (force || !answers.TryGetValue(key, out answer) || !IsUsable(answer, spec))
            {
                started = new TaskCompletionSource<DnsAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
                answer = started.Task;
                answers[key] = answer;
            }
        }

        if (started is not null)
        {
            // The lookup runs outside the lock; its outcome, even an exception, lands in the task.
            _ = LookUpAsync(started, lookup);
        }

        return answer.WaitAsync(cancellationToken);
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return answers.Count;
            }
        }
    }

    /// <summary>Drops answers no registration asks for any more.</summary>
    public void RemoveAllBut(IEnumerable<DnsQuestionKey> inUse)
    {
        var keep = inUse.ToHashSet();
        lock (gate)
        {
            foreach (var key in answers.Keys.Where(key => !keep.Contains(key)).ToList())
            {
                answers.Remove(key);
            }
        }
    }

    private bool IsUsable(Task<DnsAnswer> answer, DnsSourceSpec spec) =>
        !answer.IsCompleted || (answer.IsCompletedSuccessfully && timeProvider.GetUtcNow() < answer.Result.ExpiresAt(spec));

    private async Task LookUpAsync(TaskCompletionSource<DnsAnswer> answer, Func<Task<DnsResolution>> lookup)
    {
        try
        {
            var resolution = await lookup();
            answer.SetResult(new DnsAnswer(resolution, timeProvider.GetUtcNow()));
        }
        catch (Exception exception)
        {
            answer.SetException(exception);
        }
    }
}
