namespace ExternalEndpointSync.Reporting.Output;

/// <summary>What <c>sync</c> prints on standard output.</summary>
public enum OutputFormat
{
    /// <summary>A per-service report and a summary.</summary>
    Table,

    /// <summary>Every object owned after the sync, as a multi-document YAML stream.</summary>
    Yaml,

    /// <summary>Every object owned after the sync, as a JSON <c>v1 List</c>.</summary>
    Json,

    /// <summary>The report as one JSON object per sync, for scripts and CI.</summary>
    ReportJson,
}
