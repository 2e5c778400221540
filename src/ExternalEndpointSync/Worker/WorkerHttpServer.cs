using ExternalEndpointSync.Reporting.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace ExternalEndpointSync.Worker;

/// <summary>
/// The probes' endpoints on Kestrel: <c>/healthz</c> (liveness) and <c>/readyz</c> (readiness),
/// and <c>/metrics</c> for Prometheus (the <see cref="SyncMetrics"/> meter).
/// </summary>
public static class WorkerHttpServer
{
    public static async Task<WebApplication> StartAsync(
        int port, Heartbeat heartbeat, WorkerStatus status, Action<ILoggingBuilder> configureLogging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        ArgumentNullException.ThrowIfNull(status);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        configureLogging(builder.Logging);

        // Requests are the kubelet's probes: one line per request would drown the sync's logs.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(port));
        builder.Services.AddOpenTelemetry().WithMetrics(static m => m.AddMeter(SyncMetrics.MeterName).AddPrometheusExporter());
        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint();
        app.MapGet("/healthz", () => heartbeat.IsAlive
            ? Results.Text("ok\n")
            : Results.Text("wedged: the heartbeat stopped\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/readyz", () => Readiness(status));
        await app.StartAsync(cancellationToken);
        return app;
    }

    private static IResult Readiness(WorkerStatus status)
    {
        var reason = !status.ConfigLoaded ? "the configuration is not loaded"
            : !status.IsLeading && !status.ApiContacted ? "the API server has not answered yet"
            : status.UnsyncedCache is { } cache ? $"the watch cache of {cache} has not synced yet"
            : status.IsLeading && !status.FirstSyncDone ? "leading, the first sync is not done"
            : null;
        return reason is null
            ? Results.Text(status.IsLeading ? "ok: leading\n" : "ok: following\n")
            : Results.Text($"not ready: {reason}\n", statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
