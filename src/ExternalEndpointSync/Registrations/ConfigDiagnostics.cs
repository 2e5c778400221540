using ExternalEndpointSync.Registrations.Yaml;

namespace ExternalEndpointSync.Registrations;

/// <summary>
/// Collects every error and warning of one load. A node shared from <c>defaults</c> into many
/// services is reported once, under its <c>defaults.…</c> path and line. Only the first
/// <see cref="ConfigLimits.MaxReportedDiagnostics"/> errors and warnings are kept; the rest are counted.
/// </summary>
public sealed class ConfigDiagnostics
{
    private readonly List<ConfigDiagnostic> errors = [];
    private readonly List<ConfigDiagnostic> warnings = [];
    private readonly HashSet<ConfigDiagnostic> seen = [];
    private readonly Dictionary<ConfigNode, string> originPaths = new(ReferenceEqualityComparer.Instance);

    public int ErrorCount => errors.Count + OmittedErrors;

    /// <summary>Errors found beyond <see cref="ConfigLimits.MaxReportedDiagnostics"/>, counted but not kept.</summary>
    public int OmittedErrors { get; private set; }

    /// <summary>Warnings found beyond <see cref="ConfigLimits.MaxReportedDiagnostics"/>, counted but not kept.</summary>
    public int OmittedWarnings { get; private set; }

    /// <summary>How many errors were reported, counting again those shown once (a default shared by many services).</summary>
    public int ErrorReports { get; private set; }

    public IReadOnlyList<ConfigDiagnostic> Errors => Sorted(errors);

    public IReadOnlyList<ConfigDiagnostic> Warnings => Sorted(warnings);

    /// <summary>Reports problems found in <paramref name="node"/> under <paramref name="path"/> whatever path they are reached by.</summary>
    public void RecordOrigin(ConfigNode node, string path)
    {
        ArgumentNullException.ThrowIfNull(node);
        originPaths[node] = path;
    }

    public void Error(string path, ConfigNode? node, string message)
    {
        ErrorReports++;
        Add(errors, path, node, message);
    }

    /// <summary>An error at a position that belongs to no node, such as a YAML syntax error.</summary>
    public void Error(string path, int line, int column, string message)
    {
        ErrorReports++;
        Add(errors, new ConfigDiagnostic(path, line, column, message));
    }

    public void Error<T>(Located<T> field, string message) => Error(field.Path, field.Node, message);

    public void Warning(string path, ConfigNode? node, string message) => Add(warnings, path, node, message);

    public void Warning<T>(Located<T> field, string message) => Add(warnings, field.Path, field.Node, message);

    private void Add(List<ConfigDiagnostic> list, string path, ConfigNode? node, string message)
    {
        if (node is not null && originPaths.TryGetValue(node, out var origin))
        {
            path = origin;
        }

        Add(list, new ConfigDiagnostic(path, node?.Line ?? 0, node?.Column ?? 0, message));
    }

    private void Add(List<ConfigDiagnostic> list, ConfigDiagnostic diagnostic)
    {
        if (list.Count >= ConfigLimits.MaxReportedDiagnostics)
        {
            if (!seen.Contains(diagnostic))
            {
                if (list == errors)
                {
                    OmittedErrors++;
                }
                else
                {
                    OmittedWarnings++;
                }
            }

            return;
        }

        if (seen.Add(diagnostic))
        {
            list.Add(diagnostic);
        }
    }

    private static List<ConfigDiagnostic> Sorted(List<ConfigDiagnostic> list) =>
        [.. list.OrderBy(d => d.Line).ThenBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Column)];
}
