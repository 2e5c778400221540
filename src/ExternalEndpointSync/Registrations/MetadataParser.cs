using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.Yaml;

namespace ExternalEndpointSync.Registrations;

/// <summary>Reads <c>labels</c> and <c>annotations</c> for the Service, with the API server's key and value rules.</summary>
internal static class MetadataParser
{
    private static readonly string[] ReservedLabels = [OwnershipLabels.ManagedByKey, OwnershipLabels.OwnerKey];

    public static IReadOnlyDictionary<string, string> Labels(MappingReader entry)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in entry.StringMap("labels") ?? [])
        {
            if (ReservedLabels.Contains(key.Value, StringComparer.Ordinal))
            {
                entry.Diagnostics.Error(key, $"\"{key.Value}\" is set by external-endpoint-sync to mark what it owns and cannot be overridden");
            }
            else if (!KubernetesNames.IsQualifiedName(key.Value))
            {
                entry.Diagnostics.Error(key, $"label key {KubernetesNames.QualifiedNameRule}: \"{key.Value}\"");
            }

            if (value.Node is ConfigScalar { IsNull: true })
            {
                entry.Diagnostics.Warning(value, "is null, so the label is published with the empty value; write \"\" to say so");
            }
            else if (!KubernetesNames.IsLabelValue(value.Value))
            {
                entry.Diagnostics.Error(value, $"{KubernetesNames.LabelValueRule}: \"{value.Value}\"");
            }

            labels[key.Value] = value.Value;
        }

        return labels;
    }

    /// <summary>The API server's limit on all annotations of one object together (keys and values, in bytes).</summary>
    public const int MaxTotalAnnotationBytes = 256 * 1024;

    public static IReadOnlyDictionary<string, string> Annotations(MappingReader entry)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        var totalBytes = 0L;
        foreach (var (key, value) in entry.StringMap("annotations") ?? [])
        {
            if (!KubernetesNames.IsQualifiedName(key.Value))
            {
                entry.Diagnostics.Error(key, $"annotation key {KubernetesNames.QualifiedNameRule}: \"{key.Value}\"");
            }

            annotations[key.Value] = value.Value;
            totalBytes += System.Text.Encoding.UTF8.GetByteCount(key.Value) + System.Text.Encoding.UTF8.GetByteCount(value.Value);
        }

        if (totalBytes > MaxTotalAnnotationBytes)
        {
            entry.Diagnostics.Error(entry.PathOf("annotations"), entry.Node["annotations"],
                $"all annotations together take {totalBytes} bytes, more than the API server's limit of {MaxTotalAnnotationBytes} (256 KiB)");
        }

        return annotations;
    }
}
