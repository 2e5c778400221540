namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// Counts requests per verb (get, list, watch, create, update, patch, delete) and resource. The
/// server keeps two: <see cref="FakeKubernetesApiServer.Writes"/>, successful writes only (a write
/// that changed nothing still counts, the client did write; dry runs and failed requests do not),
/// and <see cref="FakeKubernetesApiServer.Requests"/>, every request made to a resource. Each is
/// also counted by the namespace of its path (<see cref="CountAt"/>), so that a test can tell a
/// namespaced list or watch from one over all namespaces.
/// </summary>
public sealed class RequestCounter
{
    private readonly object gate = new();
    private readonly SortedDictionary<(string Verb, string Resource), int> counts = [];
    private readonly Dictionary<(string Verb, string Resource, string Namespace), int> byNamespace = [];

    public int Total
    {
        get
        {
            lock (gate)
            {
                return counts.Values.Sum();
            }
        }
    }

    public int Gets => CountVerb("get");

    public int Lists => CountVerb("list");

    public int Creates => CountVerb("create");

    public int Updates => CountVerb("update");

    public int Patches => CountVerb("patch");

    public int Deletes => CountVerb("delete");

    public int Count(string verb, string resource)
    {
        lock (gate)
        {
            return counts.GetValueOrDefault((verb, resource));
        }
    }

    /// <summary>Requests whose path is in <paramref name="namespace"/>, or, when it is null, whose path names no namespace (a cluster-scoped kind, or every namespace at once).</summary>
    public int CountAt(string verb, string resource, string? @namespace)
    {
        lock (gate)
        {
            return byNamespace.GetValueOrDefault((verb, resource, @namespace ?? ""));
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            counts.Clear();
            byNamespace.Clear();
        }
    }

    /// <summary>For assertion messages: <c>create endpointslices=2, update services=1 (total 3)</c>.</summary>
    public override string ToString()
    {
        lock (gate)
        {
            return counts.Count == 0
                ? "none"
                : $"{string.Join(", ", counts.Select(c => $"{c.Key.Verb} {c.Key.Resource}={c.Value}"))} (total {counts.Values.Sum()})";
        }
    }

    internal void Record(string verb, string resource, string? @namespace)
    {
        lock (gate)
        {
            counts[(verb, resource)] = counts.GetValueOrDefault((verb, resource)) + 1;
            byNamespace[(verb, resource, @namespace ?? "")] = byNamespace.GetValueOrDefault((verb, resource, @namespace ?? "")) + 1;
        }
    }

    private int CountVerb(string verb)
    {
        lock (gate)
        {
            return counts.Where(c => c.Key.Verb == verb).Sum(c => c.Value);
        }
    }
}
