namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>Queue of faults; the first matching fault with uses left applies to a request.</summary>
public sealed class FaultInjector
{
    private readonly object gate = new();
    private readonly List<(Fault Fault, int Remaining)> faults = [];

    public void Enqueue(Fault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (gate)
        {
            faults.Add((fault, fault.Times));
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            faults.Clear();
        }
    }

    /// <summary>How many injected fault uses are still waiting for a request.</summary>
    public int Pending
    {
        get
        {
            lock (gate)
            {
                return faults.Sum(f => f.Remaining);
            }
        }
    }

    internal Fault? Take(string verb, string resource, string? ns, string? name, string client)
    {
        lock (gate)
        {
            var index = faults.FindIndex(f => f.Fault.Matches(verb, resource, ns, name, client));
            if (index < 0)
            {
                return null;
            }

            var (fault, remaining) = faults[index];
            if (remaining <= 1)
            {
                faults.RemoveAt(index);
            }
            else
            {
                faults[index] = (fault, remaining - 1);
            }

            return fault;
        }
    }
}
