using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// Every successful write (dry runs and refused requests are not), in the order the store applied
/// them, with the client that sent it: the evidence for "who wrote when" that a count cannot give.
/// </summary>
public sealed class WriteLog
{
    private readonly object gate = new();
    private readonly List<LoggedWrite> entries = [];

    /// <summary>A copy of the log so far, oldest first.</summary>
    public IReadOnlyList<LoggedWrite> Entries
    {
        get
        {
            lock (gate)
            {
                return [.. entries];
            }
        }
    }

    /// <summary>Called under the store's lock, right after the write, so that the order is the store's.</summary>
    internal void Record(DateTimeOffset at, string client, string verb, string resource, string? ns, string? name, JsonObject written)
    {
        lock (gate)
        {
            entries.Add(new LoggedWrite(entries.Count + 1, at, client, verb, resource, ns, name, written));
        }
    }
}
