using System.Text.Json.Nodes;

namespace ExternalEndpointSync.Reporting.Output;

/// <summary>
/// The report of a sync as one JSON document, for scripts and CI (<c>--output report-json</c>).
/// One line per sync, so that a continuous sync writes JSON Lines. Its shape is documented in the
/// README; fields are only ever added to it.
/// </summary>
public static class ReportJsonWriter
{
    public static async Task WriteAsync(SyncReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var document = new JsonObject
        {
            ["dryRun"] = report.DryRun,
            ["clusterNote"] = report.ClusterNote,
            ["counts"] = new JsonObject
            {
                ["services"] = report.Services.Count,
                ["failed"] = report.Failed,
                ["created"] = report.Created,
                ["updated"] = report.Updated,
                ["deleted"] = report.Deleted,
                ["unchanged"] = report.Unchanged,
            },
            ["services"] = new JsonArray([.. report.Services.Select(Service)]),
            ["failures"] = new JsonArray([.. report.Services.Where(static s => s.IsFailure).Select(Failure)]),
        };
        await output.WriteLineAsync(document.ToJsonString());
    }

    private static JsonObject Service(ServiceReport service) => new()
    {
        ["namespace"] = service.Key.Namespace,
        ["name"] = service.Key.Name,
        ["type"] = service.Type,
        ["status"] = StatusName(service.Status),
        ["ready"] = service.Ready,
        ["notReady"] = service.NotReady,
        ["created"] = service.Created,
        ["updated"] = service.Updated,
        ["deleted"] = service.Deleted,
        ["unchanged"] = service.Unchanged,
        ["errors"] = Strings(service.Errors),
        ["warnings"] = Strings(service.Warnings),
        ["refusedAddresses"] = new JsonArray([.. service.RefusedAddresses.Select(static r => new JsonObject { ["address"] = r.Address, ["reason"] = r.Reason })]),
    };

    private static JsonObject Failure(ServiceReport service) => new()
    {
        ["service"] = service.Key.ToString(),
        ["status"] = StatusName(service.Status),
        ["errors"] = Strings(service.Errors),
    };

    private static string StatusName(ServiceStatus status) => status.ToString().ToLowerInvariant();

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(static v => JsonValue.Create(v))]);
}
