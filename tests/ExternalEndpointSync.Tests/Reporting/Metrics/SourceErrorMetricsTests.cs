using System.Diagnostics.Metrics;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.Reporting.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace ExternalEndpointSync.Tests.Reporting.Metrics;

/// <summary><c>external_endpoint_sync_source_errors_total</c> counts, per source kind, the registrations whose source failed in a sync.</summary>
public sealed class SourceErrorMetricsTests
{
    [Fact]
    public void Each_failed_source_of_a_report_is_counted_under_its_kind()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new SyncMetrics(services.GetRequiredService<IMeterFactory>(), TimeProvider.System);
        using var collected = new MetricsCollector(metrics.Meter);

        metrics.Synced(new SyncReport
        {
            Services =
            [
                Failed("a", "dns"), Failed("b", "dns"), Failed("c", "consul"),
                new ServiceReport { Key = new ServiceKey("default", "ok"), Status = ServiceStatus.Synced },
            ],
        }, TimeSpan.FromMilliseconds(5));

        Assert.Equal(2, collected.Sum("external_endpoint_sync_source_errors_total", ("source", "dns")));
        Assert.Equal(1, collected.Sum("external_endpoint_sync_source_errors_total", ("source", "consul")));
        Assert.Equal(0, collected.Sum("external_endpoint_sync_source_errors_total", ("source", "static")));
    }

    private static ServiceReport Failed(string name, string source) => new()
    {
        Key = new ServiceKey("default", name),
        Status = ServiceStatus.Failed,
        Errors = ["source failed, Service left as it was: timeout"],
        SourceFailure = new SourceFailure(source, "source failed, Service left as it was: timeout"),
    };
}
