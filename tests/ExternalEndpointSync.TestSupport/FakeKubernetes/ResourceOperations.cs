using System.Globalization;
using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// The generic write pipeline of the API server's registry store (create, update, delete), with the
/// resource-specific parts delegated to each <see cref="ResourceStrategy"/>. Callers hold the store lock.
/// </summary>
internal sealed class ResourceOperations
{
    private const int GenerateNameAttempts = 8;
    private readonly FakeObjectStore store;

    public ResourceOperations(FakeObjectStore store) => this.store = store;

    /// <param name="admit">Validating admission (new object, old object or null); throws to refuse.</param>
    public WriteOutcome Create(ResourceDefinition def, string? ns, JsonObject obj, bool dryRun, Action<JsonObject, JsonObject?>? admit = null)
    {
        CheckKind(def, obj);
        var meta = obj.Metadata();
        if (def.Namespaced)
        {
            var bodyNamespace = meta.StringOrNull("namespace");
            if (!string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != ns)
            {
                throw new ApiStatusException(ApiStatus.BadRequest("the namespace of the provided object does not match the namespace sent on the request"));
            }

            meta["namespace"] = ns;
            RequireNamespace(ns!);
            RefuseIfTerminating(def, ns!, meta.StringOrNull("name"));
        }
        else
        {
            meta.Remove("namespace");
        }

        meta.Remove("deletionTimestamp");
        meta.Remove("deletionGracePeriodSeconds");
        var generateName = meta.StringOrNull("generateName") ?? string.Empty;
        var generated = string.IsNullOrEmpty(meta.StringOrNull("name")) && generateName.Length > 0;
        if (generated)
        {
            meta["name"] = NameGenerator.Generate(generateName);
        }

        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = Timestamp();
        if (def.ManagesGeneration)
        {
            meta["generation"] = 1;
        }
        else
        {
            meta.Remove("generation");
        }

        var context = new StrategyContext(store, dryRun);
        def.Strategy.PrepareForCreate(obj, context);
        ThrowIfInvalid(def, obj, ObjectMetaValidation.Validate(obj, def.Strategy).Concat(def.Strategy.Validate(obj)));
        def.Strategy.Canonicalize(obj);

        if (!string.IsNullOrEmpty(meta.StringOrNull("resourceVersion")))
        {
            throw new ApiStatusException(ApiStatus.InternalError("resourceVersion should not be set on objects to be created"));
        }

        for (var attempt = 1; store.Find(def, ns, obj.Name()) is not null; attempt++)
        {
            if (!generated || attempt >= GenerateNameAttempts)
            {
                throw new ApiStatusException(ApiStatus.AlreadyExists(def, obj.Name()));
            }

            meta["name"] = NameGenerator.Generate(generateName);
        }

        admit?.Invoke(obj, null);
        ThrowIfInvalid(def, obj, def.Strategy.Allocate(obj, null, context));
        var warnings = def.Strategy.Warnings(obj).ToList();
        var result = dryRun ? obj : store.Put(def, obj);
        return new WriteOutcome(201, result, warnings);
    }

    public WriteOutcome Update(ResourceDefinition def, string? ns, string name, JsonObject obj, bool dryRun, Action<JsonObject, JsonObject?>? admit = null)
    {
        CheckKind(def, obj);
        var meta = obj.Metadata();
        if (meta.StringOrNull("name") != name)
        {
            throw new ApiStatusException(ApiStatus.BadRequest($"the name of the object ({meta.StringOrNull("name")}) does not match the name on the URL ({name})"));
        }

        if (def.Namespaced)
        {
            var bodyNamespace = meta.StringOrNull("namespace");
            if (!string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != ns)
            {
                throw new ApiStatusException(ApiStatus.BadRequest($"the namespace of the object ({bodyNamespace}) does not match the namespace on the URL ({ns})"));
            }

            meta["namespace"] = ns;
            RequireNamespace(ns!);
        }

        var old = store.Find(def, ns, name);
        CheckUidPrecondition(def, name, obj, old);
        if (old is null)
        {
            if (!def.AllowCreateOnUpdate)
            {
                throw new ApiStatusException(ApiStatus.NotFound(def, name));
            }

            // The registry store creates without looking at the resourceVersion the client sent.
            meta.Remove("resourceVersion");
            return Create(def, ns, obj, dryRun, admit);
        }

        return ApplyUpdate(def, obj, old.CloneObject(), dryRun, admit);
    }

    /// <summary>The update half shared by PUT and PATCH: concurrency check, strategy, validation, storage.</summary>
    public WriteOutcome ApplyUpdate(ResourceDefinition def, JsonObject obj, JsonObject old, bool dryRun, Action<JsonObject, JsonObject?>? admit = null)
    {
        var meta = obj.Metadata();
        var oldMeta = old.Metadata();
        CheckResourceVersion(def, obj, old);

        foreach (var systemField in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation" })
        {
            if (oldMeta[systemField] is { } value)
            {
                meta[systemField] = value.DeepClone();
            }
            else
            {
                meta.Remove(systemField);
            }
        }

        meta["resourceVersion"] = oldMeta.StringOrNull("resourceVersion");
        var context = new StrategyContext(store, dryRun);
        def.Strategy.PrepareForUpdate(obj, old, context);
        ThrowIfInvalid(def, obj, ObjectMetaValidation.Validate(obj, def.Strategy)
            .Concat(ObjectMetaValidation.ValidateUpdate(obj, old))
            .Concat(def.Strategy.ValidateUpdate(obj, old)));
        def.Strategy.Canonicalize(obj);
        if (def.ManagesGeneration && def.Strategy.ChangesGeneration(obj, old))
        {
            meta["generation"] = (oldMeta.IntegerOrNull("generation") ?? 0) + 1;
        }

        admit?.Invoke(obj, old);
        ThrowIfInvalid(def, obj, def.Strategy.Allocate(obj, old, context));
        var warnings = def.Strategy.Warnings(obj).ToList();
        if (dryRun)
        {
            return new WriteOutcome(200, obj, warnings);
        }

        if (meta["deletionTimestamp"] is not null && meta.ArrayOrNull("finalizers") is not { Count: > 0 })
        {
            var deleted = store.Remove(def, obj);
            def.Strategy.AfterDelete(deleted, context);
            return new WriteOutcome(200, obj, warnings);
        }

        if (JsonNode.DeepEquals(obj, old))
        {
            // etcd skips identical writes: no new resourceVersion, no watch event.
            return new WriteOutcome(200, old, warnings);
        }

        return new WriteOutcome(200, store.Put(def, obj), warnings);
    }

    /// <summary>An update of the /status subresource: only status changes, generation never does.</summary>
    public WriteOutcome UpdateStatus(ResourceDefinition def, JsonObject sent, JsonObject old, bool dryRun)
    {
        CheckResourceVersion(def, sent, old);
        var updated = old.CloneObject();
        if (sent["status"] is { } status)
        {
            updated["status"] = status.DeepClone();
        }
        else
        {
            updated.Remove("status");
        }

        ThrowIfInvalid(def, updated, def.Strategy.Validate(updated));
        if (dryRun)
        {
            return new WriteOutcome(200, updated, []);
        }

        return new WriteOutcome(200, JsonNode.DeepEquals(updated, old) ? old : store.Put(def, updated), []);
    }

    public WriteOutcome Delete(ResourceDefinition def, string? ns, string name, JsonObject? options, bool dryRun)
    {
        var existing = store.Find(def, ns, name) ?? throw new ApiStatusException(ApiStatus.NotFound(def, name));
        var preconditions = options.ObjectOrNull("preconditions");
        var uid = preconditions.StringOrNull("uid");
        var existingUid = existing.Metadata().StringOrNull("uid");
        if (uid is not null && uid != existingUid)
        {
            throw UidPreconditionFailed(def, name, uid, existingUid);
        }

        var version = preconditions.StringOrNull("resourceVersion");
        var existingVersion = existing.Metadata().StringOrNull("resourceVersion");
        if (version is not null && version != existingVersion)
        {
            throw new ApiStatusException(ApiStatus.Conflict(def, name, $"Precondition failed: ResourceVersion in precondition: {version}, ResourceVersion in object meta: {existingVersion}"));
        }

        var context = new StrategyContext(store, dryRun);
        if (def.Strategy.Terminate(existing, Timestamp()) is { } terminating)
        {
            if (existing.Metadata()["deletionTimestamp"] is not null)
            {
                throw new ApiStatusException(ApiStatus.Conflict(def, name,
                    "The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system."));
            }

            if (!dryRun)
            {
                terminating = store.Put(def, terminating);
                store.Collector?.Schedule();
            }

            return new WriteOutcome(200, terminating, []);
        }

        var finalizers = DeletionPropagation.Finalizers(existing, options);
        if (finalizers.Count > 0)
        {
            var marked = existing.CloneObject();
            var markedMeta = marked.Metadata();
            markedMeta["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode)JsonValue.Create(f))]);
            if (markedMeta["deletionTimestamp"] is null)
            {
                markedMeta["deletionTimestamp"] = Timestamp();
                markedMeta["deletionGracePeriodSeconds"] = 0;
                if (markedMeta.IntegerOrNull("generation") is > 0 and var generation)
                {
                    // rest/delete.go BeforeDelete: marking an object for deletion bumps a generation it has.
                    markedMeta["generation"] = generation + 1;
                }
            }

            if (!dryRun && !JsonNode.DeepEquals(marked, existing))
            {
                marked = store.Put(def, marked);
            }

            return new WriteOutcome(200, marked, []);
        }

        if (dryRun)
        {
            return new WriteOutcome(200, def.ReturnDeletedObject ? existing.CloneObject() : ApiStatus.Success(def, name, existingUid ?? string.Empty), []);
        }

        var deleted = store.Remove(def, existing);
        def.Strategy.AfterDelete(deleted, context);
        return new WriteOutcome(200, def.ReturnDeletedObject ? existing.CloneObject() : ApiStatus.Success(def, name, existingUid ?? string.Empty), []);
    }

    /// <summary>
    /// A uid in an update body is a precondition (rest.DefaultUpdatedObjectInfo.Preconditions,
    /// checked by storage.Preconditions.Check inside GuaranteedUpdate): it must name the stored
    /// object, so a missing object answers 409, before any create-on-update or 404.
    /// </summary>
    private static void CheckUidPrecondition(ResourceDefinition def, string name, JsonObject sent, JsonObject? stored)
    {
        var uid = sent.Metadata().StringOrNull("uid");
        var storedUid = stored?.Metadata().StringOrNull("uid") ?? string.Empty;
        if (!string.IsNullOrEmpty(uid) && uid != storedUid)
        {
            throw UidPreconditionFailed(def, name, uid, storedUid);
        }
    }

    private static ApiStatusException UidPreconditionFailed(ResourceDefinition def, string name, string uid, string? storedUid) =>
        new(ApiStatus.Conflict(def, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {storedUid}"));

    private static void CheckResourceVersion(ResourceDefinition def, JsonObject sent, JsonObject old)
    {
        var name = old.Name();
        var sentVersion = sent.Metadata().StringOrNull("resourceVersion");
        if (string.IsNullOrEmpty(sentVersion))
        {
            if (!def.AllowUnconditionalUpdate)
            {
                // The registry reports this one with the resource as the kind.
                throw new ApiStatusException(ApiStatus.Invalid(def.Group, def.Plural, def.QualifiedResource, name,
                    [FieldError.Invalid("metadata.resourceVersion", JsonValue.Create(0), "must be specified for an update")]));
            }
        }
        else if (sentVersion != old.Metadata().StringOrNull("resourceVersion"))
        {
            throw new ApiStatusException(ApiStatus.Conflict(def, name));
        }
    }

    /// <summary>The NamespaceLifecycle admission plug-in (plugin/pkg/admission/namespace/lifecycle):
    /// no new content in a namespace being deleted.</summary>
    private void RefuseIfTerminating(ResourceDefinition def, string ns, string? name)
    {
        if (!store.NamespaceTerminating(ns))
        {
            return;
        }

        var status = ApiStatus.Forbidden(def.Group, def.Plural, name, $"unable to create new content in namespace {ns} because it is being terminated");
        status["details"]!["causes"] = new JsonArray(new JsonObject
        {
            ["reason"] = "NamespaceTerminating",
            ["message"] = $"namespace {ns} is being terminated",
            ["field"] = "metadata.namespace",
        });
        throw new ApiStatusException(status);
    }

    private void RequireNamespace(string ns)
    {
        if (!store.NamespaceExists(ns))
        {
            throw new ApiStatusException(ApiStatus.NamespaceNotFound(ns));
        }
    }

    private static void CheckKind(ResourceDefinition def, JsonObject obj)
    {
        var apiVersion = obj.StringOrNull("apiVersion");
        var kind = obj.StringOrNull("kind");
        if ((apiVersion is { Length: > 0 } && apiVersion != def.ApiVersion) || (kind is { Length: > 0 } && kind != def.Kind))
        {
            throw new ApiStatusException(ApiStatus.BadRequest(
                $"the API version in the data ({apiVersion}) does not match the expected API version ({def.ApiVersion}) or the kind ({kind}) is not {def.Kind}"));
        }

        obj["apiVersion"] = def.ApiVersion;
        obj["kind"] = def.Kind;
    }

    private static void ThrowIfInvalid(ResourceDefinition def, JsonObject obj, IEnumerable<FieldError> errors)
    {
        var list = errors.ToList();
        if (list.Count > 0)
        {
            throw new ApiStatusException(ApiStatus.Invalid(def, obj.Name(), list));
        }
    }

    private string Timestamp() =>
        store.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
