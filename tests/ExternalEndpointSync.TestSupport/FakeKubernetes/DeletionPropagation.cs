using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// DeleteOptions.propagationPolicy as the registry store applies it
/// (staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go deletionFinalizersForGarbageCollection,
/// shouldOrphanDependents, shouldDeleteDependents; validation from
/// apimachinery/pkg/apis/meta/v1/validation ValidateDeleteOptions): Orphan adds the orphan finalizer,
/// Foreground the foregroundDeletion finalizer, Background (the default) neither.
/// </summary>
internal static class DeletionPropagation
{
    private static readonly string[] Policies = ["Foreground", "Background", "Orphan"];

    /// <summary>The finalizers the object carries once this delete is accepted; none means it goes at once.</summary>
    public static IReadOnlyList<string> Finalizers(JsonObject existing, JsonObject? options)
    {
        var policy = options.StringOrNull("propagationPolicy");
        var orphanDependents = options?["orphanDependents"]?.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.True => true,
            System.Text.Json.JsonValueKind.False => false,
            _ => (bool?)null,
        };
        Validate(policy, orphanDependents);
        var current = existing.Metadata().ArrayOrNull("finalizers").Strings();
        var orphan = orphanDependents ?? (policy is null ? current.Contains(GarbageCollector.OrphanFinalizer) : policy == "Orphan");
        var foreground = orphanDependents != true
            && (policy is null ? current.Contains(GarbageCollector.ForegroundFinalizer) : policy == "Foreground");
        var result = current.Where(f => f is not (GarbageCollector.OrphanFinalizer or GarbageCollector.ForegroundFinalizer)).ToList();
        if (orphan)
        {
            result.Add(GarbageCollector.OrphanFinalizer);
        }

        if (foreground)
        {
            result.Add(GarbageCollector.ForegroundFinalizer);
        }

        return result;
    }

    private static void Validate(string? policy, bool? orphanDependents)
    {
        var errors = new List<FieldError>();
        if (orphanDependents is not null && policy is not null)
        {
            errors.Add(FieldError.Invalid("propagationPolicy", JsonValue.Create(policy), "orphanDependents and deletionPropagation cannot be both set"));
        }

        if (policy is not null && !Policies.Contains(policy))
        {
            errors.Add(new FieldError("FieldValueNotSupported", "propagationPolicy",
                $"Unsupported value: {JsonNodeExtensions.Quote(policy)}: supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\""));
        }

        if (errors.Count > 0)
        {
            throw new ApiStatusException(ApiStatus.Invalid("meta.k8s.io", "DeleteOptions", "DeleteOptions.meta.k8s.io", string.Empty, errors));
        }
    }
}
