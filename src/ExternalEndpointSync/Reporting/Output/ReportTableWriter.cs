using System.Globalization;

namespace ExternalEndpointSync.Reporting.Output;

/// <summary>The human report of a sync: one row per service, its problems beneath it, and a summary line.</summary>
public static class ReportTableWriter
{
    private static readonly string[] Header = ["SERVICE", "TYPE", "STATUS", "READY", "NOT-READY", "CREATED", "UPDATED", "DELETED", "UNCHANGED"];

    public static async Task WriteAsync(SyncReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        if (report.ClusterNote is { } note)
        {
            await output.WriteLineAsync($"note: {note}");
        }

        var rows = report.Services.Select(static s => new[]
        {
            s.Key.ToString(), s.Type, s.Status.ToString().ToLowerInvariant(), Number(s.Ready), Number(s.NotReady),
            Number(s.Created), Number(s.Updated), Number(s.Deleted), Number(s.Unchanged),
        }).ToList();
        var widths = Enumerable.Range(0, Header.Length)
            .Select(i => rows.Select(r => r[i].Length).Append(Header[i].Length).Max())
            .ToArray();
        await output.WriteLineAsync(Row(Header, widths));
        for (var i = 0; i < rows.Count; i++)
        {
            await output.WriteLineAsync(Row(rows[i], widths));
            var service = report.Services[i];
            foreach (var line in service.SourceDetails)
            {
                await output.WriteLineAsync($"    source: {line}");
            }

            if (service.Health.Checked)
            {
                await output.WriteLineAsync(
                    $"    health: {service.Health.Healthy} healthy, {service.Health.Unhealthy} unhealthy, {service.Health.Unknown} not probed yet");
            }

            foreach (var (address, reason) in service.Health.LastFailures.OrderBy(static f => f.Key, StringComparer.Ordinal))
            {
                await output.WriteLineAsync($"    unhealthy: {address}: {reason}");
            }

            foreach (var warning in service.Warnings)
            {
                await output.WriteLineAsync($"    warning: {warning}");
            }

            foreach (var error in service.Errors)
            {
                await output.WriteLineAsync($"    error: {error}");
            }
        }

        await output.WriteLineAsync(Summary(report));
    }

    public static string Summary(SyncReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var verb = report.DryRun ? "would be " : "";
        var synced = report.Services.Count - report.Failed;
        return $"{(report.DryRun ? "dry-run: " : "")}{synced} services synced, {report.Failed} failed; objects {verb}created {report.Created}, " +
            $"{verb}updated {report.Updated}, {verb}deleted {report.Deleted}, unchanged {report.Unchanged}";
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Row(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
