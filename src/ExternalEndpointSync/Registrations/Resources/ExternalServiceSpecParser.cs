using ExternalEndpointSync.Registrations.ConfigFile;
using ExternalEndpointSync.Registrations.Yaml;

namespace ExternalEndpointSync.Registrations.Resources;

/// <summary>
/// Turns an ExternalService into a registration with <see cref="ServiceEntryParser"/>, the parser
/// of the file's <c>services[]</c> entries: the Service is named after the object and lives in its
/// namespace (never another), the admin's <c>defaults</c> lie under the spec as under a file entry,
/// and problems carry paths such as <c>spec.ports[0].name</c> with the messages <c>validate</c> gives.
/// </summary>
public static class ExternalServiceSpecParser
{
    public const string SpecPath = "spec";

    public static ServiceEntryResult Parse(ExternalServiceObject resource, ConfigMapping? defaults)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var diagnostics = new ConfigDiagnostics();
        var name = resource.Metadata.Name ?? "";
        if (!KubernetesNames.IsDns1035Label(name))
        {
            diagnostics.Error("metadata.name", null, $"becomes the Service's name, so it {KubernetesNames.Dns1035LabelRule}: \"{name}\"");
        }

        var spec = resource.Spec is { } json ? JsonConfigTree.From(json) : null;
        Model.ExternalServiceSpec? parsed = null;
        if (spec is not ConfigMapping entry)
        {
            diagnostics.Error(SpecPath, spec, "is required and must be a mapping: one entry of the config file's services[] without name and namespace");
        }
        else
        {
            var merged = defaults is null ? entry : DefaultsMerger.Merge(WithoutNamespace(defaults), entry);
            var options = new ServiceEntryOptions
            {
                Name = name,
                Namespace = resource.Metadata.NamespaceProperty ?? "",
                Origin = resource.Origin,
            };
            parsed = ServiceEntryParser.Parse(merged, SpecPath, options, diagnostics);
        }

        return new ServiceEntryResult
        {
            Spec = diagnostics.ErrorCount == 0 ? parsed : null,
            Errors = diagnostics.Errors,
            Warnings = diagnostics.Warnings,
        };
    }

    /// <summary>The default namespace is for file entries; an ExternalService's namespace is its own.</summary>
    private static ConfigMapping WithoutNamespace(ConfigMapping defaults) =>
        new([.. defaults.Entries.Where(static e => e.Key.Value != "namespace")], defaults.Line, defaults.Column);
}
