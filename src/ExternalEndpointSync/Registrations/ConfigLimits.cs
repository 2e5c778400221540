namespace ExternalEndpointSync.Registrations;

/// <summary>
/// Bounds on what one load may cost, so that a hostile or broken file is refused in bounded time
/// and memory instead of exhausting the stack, the CPU or the terminal. Each error names the limit.
/// </summary>
public static class ConfigLimits
{
    /// <summary>The largest configuration file read: the size limit of a ConfigMap, which is where the file lives in a cluster.</summary>
    public const int MaxDocumentBytes = 1024 * 1024;

    /// <summary>How deeply mappings and lists may nest; the deepest real configuration needs about 8 levels.</summary>
    public const int MaxNestingDepth = 64;

    /// <summary>
    /// How many nodes the document may stand for once every alias is expanded and <c>defaults</c>
    /// is applied to every service: the work of validating it grows with this number, not with the file size.
    /// </summary>
    public const long MaxExpandedNodes = 200_000;

    /// <summary>How many errors (and, separately, warnings) are listed; the rest are counted in one line.</summary>
    public const int MaxReportedDiagnostics = 100;
}
