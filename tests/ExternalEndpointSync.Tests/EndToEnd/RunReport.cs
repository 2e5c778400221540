using System.Text.Json;
using ExternalEndpointSync.Reporting;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>
/// What one <c>sync --once --output report-json</c> run reported, typed, so that end-to-end tests
/// assert on statuses and counts rather than on the rendered table (that is tested in Reporting/Output).
/// </summary>
public sealed record RunReport(bool DryRun, string? ClusterNote, RunCounts Counts, IReadOnlyList<RunService> Services)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RunReport Parse(CliRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return JsonSerializer.Deserialize<RunReport>(run.Output, Json) ?? throw new InvalidOperationException($"no report in:\n{run}");
    }

    public RunService this[string service] => Services.Single(s => $"{s.Namespace}/{s.Name}" == service);
}

public sealed record RunCounts(int Services, int Failed, int Created, int Updated, int Deleted, int Unchanged);

public sealed record RunService(
    string Namespace,
    string Name,
    string Type,
    string Status,
    int Ready,
    int NotReady,
    int Created,
    int Updated,
    int Deleted,
    int Unchanged,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings)
{
    public bool Is(ServiceStatus status) => string.Equals(Status, status.ToString(), StringComparison.OrdinalIgnoreCase);
}
