using System.Text.Json;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.Policy;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.Reporting.Output;
using Xunit;

namespace ExternalEndpointSync.Tests.Reporting.Output;

/// <summary>The report JSON carries an ExternalService's refused addresses with their reasons, and a refused one's status.</summary>
public sealed class ReportJsonRefusedAddressesTests
{
    [Fact]
    public async Task Refused_addresses_and_a_refused_service_appear_with_their_reasons()
    {
        var report = new SyncReport
        {
            Services =
            [
                new ServiceReport
                {
                    Key = new ServiceKey("team-a", "db"),
                    Type = "ClusterIP",
                    Status = ServiceStatus.Synced,
                    RefusedAddresses = [new RefusedAddress("169.254.169.254", "the cloud metadata address")],
                },
                ServiceReportBuilder.Refused(new ExternalServiceSpec { Name = "other", Namespace = "team-b" }, "namespace team-b may not register ExternalServices", null),
            ],
        };
        using var output = new StringWriter();

        await ReportJsonWriter.WriteAsync(report, output);

        using var document = JsonDocument.Parse(output.ToString());
        var services = document.RootElement.GetProperty("services").EnumerateArray().ToDictionary(static s => s.GetProperty("name").GetString()!);
        var refused = Assert.Single(services["db"].GetProperty("refusedAddresses").EnumerateArray());
        Assert.Equal(("169.254.169.254", "the cloud metadata address"), (refused.GetProperty("address").GetString(), refused.GetProperty("reason").GetString()));
        Assert.Equal("refused", services["other"].GetProperty("status").GetString());
        Assert.Empty(services["other"].GetProperty("refusedAddresses").EnumerateArray());
        var failure = Assert.Single(document.RootElement.GetProperty("failures").EnumerateArray());
        Assert.Equal("team-b/other", failure.GetProperty("service").GetString());
        Assert.Contains("refused: namespace team-b may not register ExternalServices", failure.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
    }
}
