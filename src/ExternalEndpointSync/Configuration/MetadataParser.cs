using ExternalEndpointSync.Kubernetes;

namespace ExternalEndpointSync.Configuration;

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

            if (!KubernetesNames.IsLabelValue(value.Value))
            {
                entry.Diagnostics.Error(value, $"{KubernetesNames.LabelValueRule}: \"{value.Value}\"");
            }

            labels[key.Value] = value.Value;
        }

        return labels;
    }

    public static IReadOnlyDictionary<string, string> Annotations(MappingReader entry)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in entry.StringMap("annotations") ?? [])
        {
            if (!KubernetesNames.IsQualifiedName(key.Value))
            {
                entry.Diagnostics.Error(key, $"annotation key {KubernetesNames.QualifiedNameRule}: \"{key.Value}\"");
            }

            annotations[key.Value] = value.Value;
        }

        return annotations;
    }
}
