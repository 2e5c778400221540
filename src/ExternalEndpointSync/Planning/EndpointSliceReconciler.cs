using k8s.Models;

namespace ExternalEndpointSync.Planning;

/// <summary>
/// Decides the EndpointSlice writes of one registration with as little churn as Kubernetes' own
/// reconciler (<c>staging/src/k8s.io/endpointslice/reconciler.go</c>):
/// <list type="number">
/// <item>Per group (address family and port set), each existing slice, in name order, keeps the
/// endpoints still desired with their new conditions and loses the others; an endpoint already
/// kept by an earlier slice is dropped from later ones, which heals duplicates.</item>
/// <item>New endpoints fill the slices already being updated (fullest first), then new slices of
/// <c>maxEndpointsPerSlice</c>; a remainder smaller than that goes into the one unchanged slice it
/// leaves closest to full, if any has room for all of it.</item>
/// <item>Slices left empty, and slices of port sets no longer wanted, are deleted; a delete and a
/// create of the same address type become one update. Nothing is ever rebalanced.</item>
/// <item>With no endpoints at all one placeholder slice stays (IPv4, declared ports, no endpoints),
/// as Kubernetes keeps one so that consumers can tell "empty" from "not synced".</item>
/// </list>
/// </summary>
internal static class EndpointSliceReconciler
{
    public static SliceChanges Reconcile(
        ServiceContext service,
        string ownerUid,
        IReadOnlyList<EndpointGroup> groups,
        IReadOnlyList<V1EndpointSlice> existing,
        int maxEndpointsPerSlice,
        V1EndpointSlice? placeholder)
    {
        var state = new ReconcileState(service, ownerUid, maxEndpointsPerSlice);
        var byGroup = existing
            .OrderBy(slice => slice.Metadata.Name, StringComparer.Ordinal)
            .ToLookup(slice => EndpointGroup.KeyOf(slice.AddressType, slice.Ports));
        var wanted = groups.Select(group => group.Key).ToHashSet(StringComparer.Ordinal);

        foreach (var group in groups)
        {
            state.ReconcileGroup(group, [.. byGroup[group.Key]]);
        }

        state.ToDelete.AddRange(byGroup.Where(slices => !wanted.Contains(slices.Key)).SelectMany(slices => slices));

        if (placeholder is not null && groups.Sum(group => group.Endpoints.Count) == 0)
        {
            state.KeepOrCreatePlaceholder(placeholder);
        }

        state.ReuseDeletedSlices();
        return state.ToChanges();
    }

    private sealed class ReconcileState(ServiceContext service, string ownerUid, int maxEndpointsPerSlice)
    {
        public List<V1EndpointSlice> ToCreate { get; } = [];

        public List<(V1EndpointSlice Current, V1EndpointSlice Updated)> ToUpdate { get; } = [];

        public List<V1EndpointSlice> ToDelete { get; } = [];

        public List<V1EndpointSlice> Unchanged { get; } = [];

        public void ReconcileGroup(EndpointGroup group, IReadOnlyList<V1EndpointSlice> existing)
        {
            var remaining = new Dictionary<string, V1Endpoint>(StringComparer.Ordinal);
            var order = new Queue<string>();
            foreach (var endpoint in group.Endpoints)
            {
                if (remaining.TryAdd(endpoint.Text, EndpointSliceBuilder.Endpoint(endpoint)))
                {
                    order.Enqueue(endpoint.Text);
                }
            }

            var updating = new List<Candidate>();
            var untouched = new List<Candidate>();
            foreach (var slice in existing)
            {
                var candidate = Keep(slice, remaining);
                if (candidate.Changed)
                {
                    updating.Add(candidate);
                }
                else if (candidate.Endpoints.Count > 0)
                {
                    untouched.Add(candidate);
                }
                else
                {
                    ToDelete.Add(slice);
                }
            }

            // Fullest first, as Kubernetes does, so partially filled slices are topped up before new ones appear.
            foreach (var candidate in updating.OrderByDescending(c => c.Endpoints.Count).ThenBy(c => c.Slice.Metadata.Name, StringComparer.Ordinal))
            {
                Fill(candidate.Endpoints, remaining, order);
            }

            var created = new List<List<V1Endpoint>>();
            while (remaining.Count > 0)
            {
                var target = remaining.Count < maxEndpointsPerSlice ? ClosestToFull(untouched, remaining.Count) : null;
                if (target is not null)
                {
                    untouched.Remove(target);
                    updating.Add(target);
                    Fill(target.Endpoints, remaining, order);
                }
                else
                {
                    var endpoints = new List<V1Endpoint>();
                    Fill(endpoints, remaining, order);
                    created.Add(endpoints);
                }
            }

            foreach (var candidate in updating)
            {
                if (candidate.Endpoints.Count == 0)
                {
                    ToDelete.Add(candidate.Slice);
                }
                else
                {
                    ToUpdate.Add((candidate.Slice, EndpointSliceBuilder.Rewrite(candidate.Slice, service, ownerUid, group.Ports, candidate.Endpoints)));
                }
            }

            Unchanged.AddRange(untouched.Select(candidate => candidate.Slice));
            ToCreate.AddRange(created.Select(endpoints => EndpointSliceBuilder.New(service, ownerUid, group.AddressType, group.Ports, endpoints)));
        }

        public void KeepOrCreatePlaceholder(V1EndpointSlice placeholder)
        {
            var key = EndpointGroup.KeyOf(placeholder.AddressType, placeholder.Ports);
            var existing = ToDelete
                .OrderBy(slice => slice.Metadata.Name, StringComparer.Ordinal)
                .FirstOrDefault(slice => EndpointGroup.KeyOf(slice.AddressType, slice.Ports) == key
                    && (slice.Endpoints?.Count ?? 0) == 0
                    && EndpointSliceBuilder.HasOurMetadata(slice, service, ownerUid));
            if (existing is not null)
            {
                ToDelete.Remove(existing);
                Unchanged.Add(existing);
            }
            else
            {
                ToCreate.Add(placeholder);
            }
        }

        /// <summary>An update is one write where a delete and a create are two, and the slice keeps its name.</summary>
        public void ReuseDeletedSlices()
        {
            ToDelete.Sort((a, b) => string.CompareOrdinal(a.Metadata.Name, b.Metadata.Name));
            for (var i = 0; i < ToCreate.Count;)
            {
                var create = ToCreate[i];
                var reusable = ToDelete.FindIndex(slice => slice.AddressType == create.AddressType);
                if (reusable < 0)
                {
                    i++;
                    continue;
                }

                var current = ToDelete[reusable];
                ToDelete.RemoveAt(reusable);
                ToCreate.RemoveAt(i);
                ToUpdate.Add((current, EndpointSliceBuilder.Rewrite(current, service, ownerUid, [.. create.Ports], create.Endpoints)));
            }
        }

        public SliceChanges ToChanges() => new(
            ToCreate,
            [.. ToUpdate.OrderBy(update => update.Current.Metadata.Name, StringComparer.Ordinal)],
            ToDelete,
            [.. Unchanged.OrderBy(slice => slice.Metadata.Name, StringComparer.Ordinal)]);

        private Candidate Keep(V1EndpointSlice slice, Dictionary<string, V1Endpoint> remaining)
        {
            var changed = !EndpointSliceBuilder.HasOurMetadata(slice, service, ownerUid);
            var kept = new List<V1Endpoint>();
            foreach (var endpoint in slice.Endpoints ?? [])
            {
                if (EndpointSliceBuilder.AddressOf(endpoint) is { } address && remaining.Remove(address, out var desired))
                {
                    changed |= !EndpointSliceBuilder.SameEndpoint(endpoint, desired);
                    kept.Add(desired);
                }
                else
                {
                    changed = true;
                }
            }

            // A slice we wrote is always in canonical order; any other order is rewritten once.
            changed |= !kept.Select(endpoint => endpoint.Addresses[0])
                .SequenceEqual(kept.Select(endpoint => endpoint.Addresses[0]).Order(AddressTextOrder.Instance));
            return new Candidate(slice, kept, changed);
        }

        private void Fill(List<V1Endpoint> target, Dictionary<string, V1Endpoint> remaining, Queue<string> order)
        {
            while (target.Count < maxEndpointsPerSlice && order.TryDequeue(out var address))
            {
                if (remaining.Remove(address, out var endpoint))
                {
                    target.Add(endpoint);
                }
            }
        }

        /// <summary>Kubernetes' <c>getSliceToFill</c>: the slice that ends closest to full once all of the remainder is added.</summary>
        private Candidate? ClosestToFull(IEnumerable<Candidate> candidates, int count) =>
            candidates
                .Where(candidate => candidate.Endpoints.Count + count <= maxEndpointsPerSlice)
                .OrderByDescending(candidate => candidate.Endpoints.Count)
                .ThenBy(candidate => candidate.Slice.Metadata.Name, StringComparer.Ordinal)
                .FirstOrDefault();
    }

    private sealed record Candidate(V1EndpointSlice Slice, List<V1Endpoint> Endpoints, bool Changed);

    private sealed class AddressTextOrder : IComparer<string>
    {
        public static AddressTextOrder Instance { get; } = new();

        public int Compare(string? x, string? y) =>
            CanonicalAddressOrder.Instance.Compare(x is null ? null : System.Net.IPAddress.Parse(x), y is null ? null : System.Net.IPAddress.Parse(y));
    }
}
