using System.Text;
using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>The metadata rules every object obeys (<c>ValidateObjectMeta</c> and friends).</summary>
internal static class ObjectMetaValidation
{
    private const int TotalAnnotationSizeLimit = 256 * 1024;
    private static readonly string[] StandardFinalizers = ["kubernetes", "orphan", "foregroundDeletion"];

    public static IEnumerable<FieldError> Validate(JsonObject obj, ResourceStrategy strategy)
    {
        var meta = obj.Metadata();
        var name = meta.StringOrNull("name") ?? string.Empty;
        var generateName = meta.StringOrNull("generateName") ?? string.Empty;
        if (generateName.Length > 0)
        {
            foreach (var message in strategy.ValidateName(generateName, prefix: true))
            {
                yield return FieldError.Invalid("metadata.generateName", JsonValue.Create(generateName), message);
            }
        }

        if (name.Length == 0)
        {
            yield return FieldError.Required("metadata.name", "name or generateName is required");
        }
        else
        {
            foreach (var message in strategy.ValidateName(name, prefix: false))
            {
                yield return FieldError.Invalid("metadata.name", JsonValue.Create(name), message);
            }
        }

        foreach (var error in Labels(meta.ObjectOrNull("labels")))
        {
            yield return error;
        }

        foreach (var error in Annotations(meta.ObjectOrNull("annotations")))
        {
            yield return error;
        }

        foreach (var error in OwnerReferences(meta.ArrayOrNull("ownerReferences")))
        {
            yield return error;
        }

        foreach (var error in Finalizers(meta.ArrayOrNull("finalizers")))
        {
            yield return error;
        }
    }

    public static IEnumerable<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var meta = obj.Metadata();
        var oldMeta = old.Metadata();
        if (oldMeta["deletionTimestamp"] is not null)
        {
            var oldFinalizers = oldMeta.ArrayOrNull("finalizers").Strings().ToHashSet(StringComparer.Ordinal);
            var added = meta.ArrayOrNull("finalizers").Strings().Where(f => !oldFinalizers.Contains(f)).ToList();
            if (added.Count > 0)
            {
                yield return FieldError.Forbidden("metadata.finalizers",
                    $"no new finalizers can be added if the object is being deleted, found new finalizers []string{{{string.Join(", ", added.Select(JsonNodeExtensions.Quote))}}}");
            }
        }
    }

    public static IEnumerable<FieldError> Labels(JsonObject? labels)
    {
        foreach (var (key, value) in labels.StringMap())
        {
            foreach (var message in NameRules.QualifiedName(key))
            {
                yield return FieldError.Invalid("metadata.labels", JsonValue.Create(key), message);
            }

            foreach (var message in NameRules.LabelValue(value))
            {
                yield return FieldError.Invalid($"metadata.labels", JsonValue.Create(value), message);
            }
        }
    }

    private static IEnumerable<FieldError> Annotations(JsonObject? annotations)
    {
        long total = 0;
        foreach (var (key, value) in annotations.StringMap())
        {
            foreach (var message in NameRules.QualifiedName(key.ToLowerInvariant()))
            {
                yield return FieldError.Invalid("metadata.annotations", JsonValue.Create(key), message);
            }

            total += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
        }

        if (total > TotalAnnotationSizeLimit)
        {
            yield return FieldError.TooLong("metadata.annotations", TotalAnnotationSizeLimit);
        }
    }

    private static List<FieldError> OwnerReferences(JsonArray? references)
    {
        if (references is null)
        {
            return [];
        }

        var errors = new List<FieldError>();
        var controllers = new List<string>();
        for (var i = 0; i < references.Count; i++)
        {
            var path = $"metadata.ownerReferences[{i}]";
            var reference = references[i] as JsonObject;
            if ((reference.StringOrNull("apiVersion") ?? string.Empty).Length == 0)
            {
                errors.Add(FieldError.Invalid($"{path}.apiVersion", JsonValue.Create(string.Empty), "version must not be empty"));
            }

            if ((reference.StringOrNull("kind") ?? string.Empty).Length == 0)
            {
                errors.Add(FieldError.Invalid($"{path}.kind", JsonValue.Create(string.Empty), "kind must not be empty"));
            }

            if ((reference.StringOrNull("name") ?? string.Empty).Length == 0)
            {
                errors.Add(FieldError.Invalid($"{path}.name", JsonValue.Create(string.Empty), "name must not be empty"));
            }

            if ((reference.StringOrNull("uid") ?? string.Empty).Length == 0)
            {
                errors.Add(FieldError.Invalid($"{path}.uid", JsonValue.Create(string.Empty), "uid must not be empty"));
            }

            if (reference.BooleanOrNull("controller") == true)
            {
                controllers.Add(reference.StringOrNull("name") ?? string.Empty);
            }
        }

        if (controllers.Count > 1)
        {
            errors.Add(FieldError.Invalid("metadata.ownerReferences", references.ToJsonString(),
                $"Only one reference can have Controller set to true. Found \"true\" in references for {string.Join(" and ", controllers)}"));
        }

        return errors;
    }

    private static IEnumerable<FieldError> Finalizers(JsonArray? finalizers)
    {
        var names = finalizers.Strings();
        for (var i = 0; i < names.Count; i++)
        {
            var path = $"metadata.finalizers[{i}]";
            var messages = NameRules.QualifiedName(names[i]);
            foreach (var message in messages)
            {
                yield return FieldError.Invalid(path, JsonValue.Create(names[i]), message);
            }

            if (messages.Count == 0 && !StandardFinalizers.Contains(names[i]) && !names[i].Contains('/', StringComparison.Ordinal))
            {
                yield return FieldError.Invalid(path, JsonValue.Create(names[i]), "name is neither a standard finalizer name nor is it fully qualified");
            }
        }

        // apimachinery/pkg/api/validation/objectmeta.go ValidateFinalizers: the garbage collector cannot do both.
        if (names.Contains(GarbageCollector.OrphanFinalizer) && names.Contains(GarbageCollector.ForegroundFinalizer))
        {
            yield return FieldError.Invalid("metadata.finalizers", $"[]string{{{string.Join(", ", names.Select(JsonNodeExtensions.Quote))}}}",
                $"finalizer {GarbageCollector.OrphanFinalizer} and {GarbageCollector.ForegroundFinalizer} cannot be both set");
        }
    }
}
