namespace ExternalEndpointSync.Registrations;

/// <summary>
/// Bounds on what one load may cost, so that a hostile or broken file is refused in bounded time
/// and memory instead of exhausting the stack, the CPU or the terminal. Each error names the limit.
/// </summary>
public static class ConfigLimits
{
    /// <summary>
    /// The largest configuration file read. A ConfigMap (where the worker's file lives) holds at
    /// most 1 MiB anyway; <c>sync --once</c> reads any file, and 4 MiB holds about 15,000 services of
    /// ten addresses each. The bound is against hostile input (huge files), not against large estates.
    /// </summary>
    public const int MaxDocumentBytes = 4 * 1024 * 1024;

    /// <summary>How deeply mappings and lists may nest; the deepest real configuration needs about 8 levels.</summary>
    public const int MaxNestingDepth = 64;

    /// <summary>
    /// How many nodes the document may stand for once every alias is expanded and <c>defaults</c>
    /// is applied to every service: the work of validating it grows with this number, not with the file size.
    /// A file of 10,000 services of ten addresses each stands for about 300,000; an alias bomb for billions.
    /// </summary>
    public const long MaxExpandedNodes = 1_000_000;

    /// <summary>Said after the name of a size limit in its error: why it exists and what to do about it.</summary>
    internal const string SizeLimitAdvice = "a bound against hostile files; split a larger estate across several files or replicas";

    /// <summary>How many errors (and, separately, warnings) are listed; the rest are counted in one line.</summary>
    public const int MaxReportedDiagnostics = 100;
}
