using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using ExternalEndpointSync.Reporting.Metrics;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Polly;

namespace ExternalEndpointSync.Applier;

/// <summary>
/// Writes plans to the API server: optimistic concurrency on every update, retries of transient
/// failures and stale resourceVersions through the <c>kubernetes</c> pipeline, a uid
/// precondition on deletes, and never a write to an object it does not own. Every write done is
/// told to the <see cref="IWriteRecorder"/>, if any (the watch cache of <c>run</c>).
/// </summary>
public sealed partial class KubernetesChangeApplier(
    IKubernetes client,
    ResiliencePipeline pipeline,
    string ownerId,
    SyncMetrics metrics,
    ILogger<KubernetesChangeApplier> logger,
    IWriteRecorder? recorder = null) : IChangeApplier
{
    public async Task<ApplyOutcome> ApplyAsync(ServicePlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var tally = new ApplyTally();
        string? serviceUid = null;
        IReadOnlyList<string>? servedFamilies = null;
        foreach (var change in plan.Changes)
        {
            if (servedFamilies is not null && UnservedSlice(change, servedFamilies) is { } skipped)
            {
                tally.Unserved.Add(skipped);
                continue;
            }

            var obj = WrittenKind.Of(change.Object).Clone(change.Object);
            try
            {
                // Once this plan has written the Service, its uid is the owner's, even for slices
                // planned against a Service that has since been deleted and re-created.
                if (obj is V1EndpointSlice slice && (serviceUid is not null || SliceOwner.HasPendingOwner(slice)))
                {
                    serviceUid ??= await ReadOwnedServiceUidAsync(plan, cancellationToken);
                    SliceOwner.BindOwner(slice, serviceUid);
                }

                IKubernetesObject<V1ObjectMeta>? written;
                using (recorder?.BeginWrite())
                {
                    written = change.Action switch
                    {
                        ChangeAction.Create => await CreateAsync(obj, cancellationToken),
                        ChangeAction.Update => await UpdateAsync(obj, cancellationToken),
                        _ => await DeleteAsync(obj, cancellationToken),
                    };
                    Record(written, obj);
                }

                tally.Count(change.Action);

                var done = written ?? obj;
                Log.Wrote(logger, change.Action, WrittenKind.Of(done).Kind, done.Metadata.NamespaceProperty, done.Metadata.Name);
                if (written is V1Service service)
                {
                    serviceUid = service.Metadata.Uid;
                    servedFamilies = service.Spec?.IpFamilies is { Count: > 0 } families ? [.. families] : null;
                    if (change.Action == ChangeAction.Update && serviceUid != obj.Metadata.Uid)
                    {
                        await RebindKeptAsync(plan, serviceUid!, tally, cancellationToken);
                    }
                }
            }
            catch (ForeignObjectException e)
            {
                Log.Foreign(logger, plan.Key.ToString(), e.Message);
                return tally.Outcome(e.Message, foreignObject: true);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                var error = $"{change.Action.ToString().ToLowerInvariant()} {KubernetesObjects.Describe(obj)} failed: {KubernetesErrors.Describe(e)}";
                Log.WriteFailed(logger, plan.Key.ToString(), error);
                return tally.Outcome(error);
            }
        }

        return tally.Outcome();
    }

    /// <summary>
    /// A slice create of a family the Service just written does not report: planned while the
    /// families were only asked for (a new Service, or one being made PreferDualStack), it would be
    /// written once and withdrawn by the next sync on a single-stack cluster, so it is left out now.
    /// </summary>
    private static UnservedFamily? UnservedSlice(ObjectChange change, IReadOnlyList<string> servedFamilies) =>
        change is { Action: ChangeAction.Create, Object: V1EndpointSlice { AddressType: "IPv4" or "IPv6" } slice }
        && !servedFamilies.Contains(slice.AddressType, StringComparer.Ordinal)
            ? new UnservedFamily(slice.AddressType, slice.Endpoints?.Count ?? 0, servedFamilies)
            : null;

    /// <summary>
    /// The Service was deleted since it was listed and the update re-created it: the objects this plan
    /// leaves alone still name the old uid (the garbage collector would take the slices) or went with
    /// the old Service (its Endpoints), so each is rewritten for the new one now rather than next sync.
    /// </summary>
    private async Task RebindKeptAsync(ServicePlan plan, string serviceUid, ApplyTally tally, CancellationToken cancellationToken)
    {
        var touched = plan.Changes.Select(c => (c.Object.GetType(), c.Object.Metadata.Name)).ToHashSet();
        foreach (var kept in plan.Desired.Where(o => o is V1EndpointSlice or V1Endpoints && !touched.Contains((o.GetType(), o.Metadata.Name))))
        {
            var copy = WrittenKind.Of(kept).Clone(kept);
            if (copy is V1EndpointSlice slice)
            {
                SliceOwner.BindOwner(slice, serviceUid);
            }

            IKubernetesObject<V1ObjectMeta> written;
            using (recorder?.BeginWrite())
            {
                written = await UpdateAsync(copy, cancellationToken);
                Record(written, copy);
            }

            Log.Wrote(logger, ChangeAction.Update, WrittenKind.Of(written).Kind, written.Metadata.NamespaceProperty, written.Metadata.Name);
            tally.Count(ChangeAction.Update);
        }
    }

    /// <summary><paramref name="written"/> is what the server returned, null after a delete of <paramref name="sent"/>.</summary>
    private void Record(IKubernetesObject<V1ObjectMeta>? written, IKubernetesObject<V1ObjectMeta> sent)
    {
        if (written is not null)
        {
            recorder?.Wrote(written);
        }
        else
        {
            recorder?.Deleted(sent);
        }
    }

    private async Task<string> ReadOwnedServiceUidAsync(ServicePlan plan, CancellationToken cancellationToken)
    {
        var services = ResourceClient.For(client, WrittenKind.Service);
        var service = await pipeline.ExecuteAsync(
            async ct => await metrics.ApiCallAsync("get", services.Kind, () => services.ReadAsync(plan.Key.Namespace, plan.Key.Name, ct)), cancellationToken);
        return Owned(service).Metadata.Uid;
    }

    private async Task<IKubernetesObject<V1ObjectMeta>> CreateAsync(IKubernetesObject<V1ObjectMeta> obj, CancellationToken cancellationToken)
    {
        var resource = ResourceClient.For(client, obj);
        try
        {
            return await pipeline.ExecuteAsync(async ct => await metrics.ApiCallAsync("create", resource.Kind, () => resource.CreateAsync(obj, ct)), cancellationToken);
        }
        catch (Exception e) when (KubernetesErrors.IsAlreadyExists(e) && obj.Metadata.Name is not null)
        {
            // Either a foreign object holds the name, or an earlier attempt of ours was stored
            // although its answer was lost; only the second may be taken over.
            var existing = await pipeline.ExecuteAsync(async ct => Owned(await metrics.ApiCallAsync("get", resource.Kind, () => resource.ReadAsync(obj, ct))), cancellationToken);
            return await UpdateAsync(KubernetesObjects.Rebase(obj, existing), cancellationToken);
        }
    }

    private async Task<IKubernetesObject<V1ObjectMeta>> UpdateAsync(IKubernetesObject<V1ObjectMeta> obj, CancellationToken cancellationToken)
    {
        var resource = ResourceClient.For(client, obj);
        var desired = obj;
        var stale = false;
        return await pipeline.ExecuteAsync(
            async ct =>
            {
                if (stale)
                {
                    if (await ReadOwnedAsync(resource, desired, ct) is not { } fresh)
                    {
                        // Deleted since we listed: the uid we sent answered 409, and what we want is that it exists.
                        return await RecreateAsync(resource, desired, ct);
                    }

                    desired = KubernetesObjects.Rebase(desired, fresh);
                    stale = false;
                }

                try
                {
                    return await metrics.ApiCallAsync("update", resource.Kind, () => resource.ReplaceAsync(desired, ct));
                }
                catch (Exception e) when (KubernetesErrors.IsStale(e))
                {
                    stale = true;
                    throw;
                }
                catch (Exception e) when (KubernetesErrors.IsNotFound(e))
                {
                    // Someone deleted it since we listed; what we want is that it exists.
                    return await RecreateAsync(resource, desired, ct);
                }
            },
            cancellationToken);
    }

    private async Task<IKubernetesObject<V1ObjectMeta>> RecreateAsync(ResourceClient resource, IKubernetesObject<V1ObjectMeta> desired, CancellationToken cancellationToken)
    {
        var recreated = resource.Kind.Clone(desired);
        recreated.Metadata.ResourceVersion = null;
        recreated.Metadata.Uid = null;
        recreated.Metadata.CreationTimestamp = null;
        return await metrics.ApiCallAsync("create", resource.Kind, () => resource.CreateAsync(recreated, cancellationToken));
    }

    /// <summary>Null: nothing was written back.</summary>
    private async Task<IKubernetesObject<V1ObjectMeta>?> DeleteAsync(IKubernetesObject<V1ObjectMeta> obj, CancellationToken cancellationToken)
    {
        var resource = ResourceClient.For(client, obj);
        var target = obj;
        var stale = false;
        await pipeline.ExecuteAsync(
            async ct =>
            {
                if (stale)
                {
                    if (await ReadOwnedAsync(resource, target, ct) is not { } fresh)
                    {
                        return;
                    }

                    target = fresh;
                    stale = false;
                }

                try
                {
                    await metrics.ApiCallAsync("delete", resource.Kind, () => resource.DeleteAsync(target, ct));
                }
                catch (Exception e) when (KubernetesErrors.IsNotFound(e))
                {
                    // Already gone is what a delete wants.
                }
                catch (Exception e) when (KubernetesErrors.IsStale(e))
                {
                    stale = true;
                    throw;
                }
            },
            cancellationToken);
        return null;
    }

    /// <summary>The object of <paramref name="obj"/>'s name as it is now, or null when it is gone; never one that is not ours.</summary>
    private async Task<IKubernetesObject<V1ObjectMeta>?> ReadOwnedAsync(ResourceClient resource, IKubernetesObject<V1ObjectMeta> obj, CancellationToken cancellationToken)
    {
        try
        {
            return Owned(await metrics.ApiCallAsync("get", resource.Kind, () => resource.ReadAsync(obj, cancellationToken)));
        }
        catch (Exception e) when (KubernetesErrors.IsNotFound(e))
        {
            return null;
        }
    }

    private IKubernetesObject<V1ObjectMeta> Owned(IKubernetesObject<V1ObjectMeta> found) =>
        OwnershipLabels.IsOwnedBy(found.Metadata, ownerId) ? found : throw ForeignObjectException.For(found, ownerId);

    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "{Action} {Kind} {Namespace}/{Name}")]
        public static partial void Wrote(ILogger logger, ChangeAction action, string kind, string @namespace, string name);

        [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Service {Service}: {Error}")]
        public static partial void Foreign(ILogger logger, string service, string error);

        [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Service {Service}: {Error}")]
        public static partial void WriteFailed(ILogger logger, string service, string error);
    }
}
