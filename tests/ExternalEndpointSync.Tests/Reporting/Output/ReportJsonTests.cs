using System.Text.Json;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Tests.EndToEnd;
using k8s.Models;

namespace ExternalEndpointSync.Tests.Reporting.Output;

/// <summary><c>--output report-json</c>: the report as one JSON document of the shape the README documents.</summary>
public sealed class ReportJsonTests : SyncWorldTest
{
    [Fact]
    public async Task The_report_names_every_service_its_status_the_counts_and_the_failures()
    {
        World.Api.Store.Seed(new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new V1ObjectMeta { Name = "taken", NamespaceProperty = "default" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 5432 }], Selector = new Dictionary<string, string> { ["app"] = "db" } },
        });
        var config = World.WriteConfig(SyncWorld.StaticService("taken", ["192.0.2.1"]) + SyncWorld.StaticService("free", ["192.0.2.2", "192.0.2.3"]));

        var run = await World.SyncAsync(config, "--output", "report-json");

        Assert.True(run.ExitCode == ExitCodes.PartialFailure, run.ToString());
        Assert.Single(run.Output.TrimEnd('\n').Split('\n'));
        using var document = JsonDocument.Parse(run.Output);
        var root = document.RootElement;
        Assert.False(root.GetProperty("dryRun").GetBoolean());
        var counts = root.GetProperty("counts");
        Assert.Equal(2, counts.GetProperty("services").GetInt32());
        Assert.Equal(1, counts.GetProperty("failed").GetInt32());
        var services = root.GetProperty("services").EnumerateArray().ToDictionary(static s => s.GetProperty("name").GetString()!);
        Assert.Equal(services.Values.Sum(static s => s.GetProperty("created").GetInt32()), counts.GetProperty("created").GetInt32());
        // The Conflict Event is written too, and is no object of the report.
        Assert.Equal(World.Api.Writes.Total - World.Api.Writes.Count("create", "events"), counts.GetProperty("created").GetInt32());
        Assert.Equal("synced", services["free"].GetProperty("status").GetString());
        Assert.Equal(2, services["free"].GetProperty("ready").GetInt32());
        Assert.Equal("default", services["free"].GetProperty("namespace").GetString());
        Assert.Equal("conflict", services["taken"].GetProperty("status").GetString());
        var failure = Assert.Single(root.GetProperty("failures").EnumerateArray());
        Assert.Equal("default/taken", failure.GetProperty("service").GetString());
        Assert.NotEmpty(failure.GetProperty("errors").EnumerateArray());
    }
}
