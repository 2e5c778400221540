using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Polly;

namespace ExternalEndpointSync.Applier;

/// <summary>
/// Writes plans to the API server: optimistic concurrency on every update, retries of transient
/// failures and stale resourceVersions through the <c>kubernetes</c> pipeline, a uid
/// precondition on deletes, and never a write to an object it does not own.
/// </summary>
public sealed partial class KubernetesChangeApplier(
    IKubernetes client,
    ResiliencePipeline pipeline,
    string ownerId,
    ILogger<KubernetesChangeApplier> logger) : IChangeApplier
{
    public bool IsDryRun => false;

    public async Task<ApplyOutcome> ApplyAsync(ServicePlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        int created = 0, updated = 0, deleted = 0;
        string? serviceUid = null;
        IReadOnlyList<string>? servedFamilies = null;
        var unserved = new List<UnservedFamily>();
        foreach (var change in plan.Changes)
        {
            if (servedFamilies is not null && UnservedSlice(change, servedFamilies) is { } skipped)
            {
                unserved.Add(skipped);
                continue;
            }

            var obj = KubernetesObjects.Clone(change.Object);
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
                switch (change.Action)
                {
                    case ChangeAction.Create:
                        written = await CreateAsync(obj, cancellationToken);
                        created++;
                        break;
                    case ChangeAction.Update:
                        written = await UpdateAsync(obj, cancellationToken);
                        updated++;
                        break;
                    default:
                        await DeleteAsync(obj, cancellationToken);
                        written = null;
                        deleted++;
                        break;
                }

                var done = written ?? obj;
                Log.Wrote(logger, change.Action, KubernetesObjects.KindOf(done), done.Metadata.NamespaceProperty, done.Metadata.Name);
                if (written is V1Service service)
                {
                    serviceUid = service.Metadata.Uid;
                    servedFamilies = service.Spec?.IpFamilies is { Count: > 0 } families ? [.. families] : null;
                    if (change.Action == ChangeAction.Update && serviceUid != obj.Metadata.Uid)
                    {
                        updated += await RebindKeptAsync(plan, serviceUid!, cancellationToken);
                    }
                }
            }
            catch (ForeignObjectException e)
            {
                Log.Foreign(logger, plan.Key.ToString(), e.Message);
                return new ApplyOutcome { Created = created, Updated = updated, Deleted = deleted, Error = e.Message, ForeignObject = true, Unserved = unserved };
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                var error = $"{change.Action.ToString().ToLowerInvariant()} {KubernetesObjects.Describe(obj)} failed: {KubernetesErrors.Describe(e)}";
                Log.WriteFailed(logger, plan.Key.ToString(), error);
                return new ApplyOutcome { Created = created, Updated = updated, Deleted = deleted, Error = error, Unserved = unserved };
            }
        }

        return new ApplyOutcome { Created = created, Updated = updated, Deleted = deleted, Unserved = unserved };
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
    private async Task<int> RebindKeptAsync(ServicePlan plan, string serviceUid, CancellationToken cancellationToken)
    {
        var touched = plan.Changes.Select(c => (c.Object.GetType(), c.Object.Metadata.Name)).ToHashSet();
        var rebound = 0;
        foreach (var kept in plan.Desired.Where(o => o is V1EndpointSlice or V1Endpoints && !touched.Contains((o.GetType(), o.Metadata.Name))))
        {
            var copy = KubernetesObjects.Clone(kept);
            if (copy is V1EndpointSlice slice)
            {
                SliceOwner.BindOwner(slice, serviceUid);
            }

            var written = await UpdateAsync(copy, cancellationToken);
            Log.Wrote(logger, ChangeAction.Update, KubernetesObjects.KindOf(written), written.Metadata.NamespaceProperty, written.Metadata.Name);
            rebound++;
        }

        return rebound;
    }

    private async Task<string> ReadOwnedServiceUidAsync(ServicePlan plan, CancellationToken cancellationToken)
    {
        var services = ResourceClient.For(client, new V1Service());
        var service = await pipeline.ExecuteAsync(
            async ct => await services.ReadAsync(plan.Key.Namespace, plan.Key.Name, ct), cancellationToken);
        return OwnershipLabels.IsOwnedBy(service.Metadata, ownerId)
            ? service.Metadata.Uid
            : throw ForeignObjectException.For(service, ownerId);
    }

    private async Task<IKubernetesObject<V1ObjectMeta>> CreateAsync(IKubernetesObject<V1ObjectMeta> obj, CancellationToken cancellationToken)
    {
        var resource = ResourceClient.For(client, obj);
        try
        {
            return await pipeline.ExecuteAsync(async ct => await resource.CreateAsync(obj, ct), cancellationToken);
        }
        catch (Exception e) when (KubernetesErrors.IsAlreadyExists(e) && obj.Metadata.Name is not null)
        {
            // Either a foreign object holds the name, or an earlier attempt of ours was stored
            // although its answer was lost; only the second may be taken over.
            var existing = await pipeline.ExecuteAsync(
                async ct => await resource.ReadAsync(obj.Metadata.NamespaceProperty, obj.Metadata.Name, ct), cancellationToken);
            if (!OwnershipLabels.IsOwnedBy(existing.Metadata, ownerId))
            {
                throw ForeignObjectException.For(existing, ownerId);
            }

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
                    IKubernetesObject<V1ObjectMeta> fresh;
                    try
                    {
                        fresh = await resource.ReadAsync(desired.Metadata.NamespaceProperty, desired.Metadata.Name, ct);
                    }
                    catch (Exception e) when (KubernetesErrors.IsNotFound(e))
                    {
                        // Deleted since we listed: the uid we sent answered 409, and what we want is that it exists.
                        return await RecreateAsync(resource, desired, ct);
                    }

                    if (!OwnershipLabels.IsOwnedBy(fresh.Metadata, ownerId))
                    {
                        throw ForeignObjectException.For(fresh, ownerId);
                    }

                    desired = KubernetesObjects.Rebase(desired, fresh);
                    stale = false;
                }

                try
                {
                    return await resource.ReplaceAsync(desired, ct);
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

    private static async Task<IKubernetesObject<V1ObjectMeta>> RecreateAsync(ResourceClient resource, IKubernetesObject<V1ObjectMeta> desired, CancellationToken cancellationToken)
    {
        var recreated = KubernetesObjects.Clone(desired);
        recreated.Metadata.ResourceVersion = null;
        recreated.Metadata.Uid = null;
        recreated.Metadata.CreationTimestamp = null;
        return await resource.CreateAsync(recreated, cancellationToken);
    }

    private async Task DeleteAsync(IKubernetesObject<V1ObjectMeta> obj, CancellationToken cancellationToken)
    {
        var resource = ResourceClient.For(client, obj);
        var target = obj;
        var stale = false;
        await pipeline.ExecuteAsync(
            async ct =>
            {
                if (stale)
                {
                    IKubernetesObject<V1ObjectMeta> fresh;
                    try
                    {
                        fresh = await resource.ReadAsync(target.Metadata.NamespaceProperty, target.Metadata.Name, ct);
                    }
                    catch (Exception e) when (KubernetesErrors.IsNotFound(e))
                    {
                        return;
                    }

                    if (!OwnershipLabels.IsOwnedBy(fresh.Metadata, ownerId))
                    {
                        throw ForeignObjectException.For(fresh, ownerId);
                    }

                    target = fresh;
                    stale = false;
                }

                try
                {
                    await resource.DeleteAsync(target, ct);
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
    }

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
