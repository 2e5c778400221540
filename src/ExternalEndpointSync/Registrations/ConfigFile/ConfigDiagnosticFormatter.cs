namespace ExternalEndpointSync.Registrations.ConfigFile;

/// <summary>
/// Prints a load result the way compilers do, one line per problem in file order:
/// <c>config.yaml:15:11: error: services[0].name: must be a DNS-1035 label …</c>, then one line
/// each for the errors and warnings beyond <see cref="ConfigLimits.MaxReportedDiagnostics"/>.
/// </summary>
public static class ConfigDiagnosticFormatter
{
    public static IReadOnlyList<string> Format(ConfigLoadResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return
        [
            .. result.Errors.Select(diagnostic => (Diagnostic: diagnostic, Severity: "error"))
                .Concat(result.Warnings.Select(diagnostic => (Diagnostic: diagnostic, Severity: "warning")))
                .OrderBy(item => item.Diagnostic.Line)
                .ThenBy(item => item.Diagnostic.Path, StringComparer.Ordinal)
                .Select(item => Format(result.SourceName, item.Diagnostic, item.Severity)),
            .. Omitted(result.SourceName, result.OmittedErrors, "error"),
            .. Omitted(result.SourceName, result.OmittedWarnings, "warning"),
        ];
    }

    private static IEnumerable<string> Omitted(string sourceName, int count, string severity)
    {
        if (count > 0)
        {
            yield return $"{sourceName}: … and {count} more {severity}{(count == 1 ? "" : "s")} (only the first {ConfigLimits.MaxReportedDiagnostics} are listed, ConfigLimits.MaxReportedDiagnostics)";
        }
    }

    public static string Format(string sourceName, ConfigDiagnostic diagnostic, string severity)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        var location = diagnostic.Line > 0 ? $"{sourceName}:{diagnostic.Line}:{diagnostic.Column}" : sourceName;
        return $"{location}: {severity}: {diagnostic.Path}: {diagnostic.Message}";
    }
}
