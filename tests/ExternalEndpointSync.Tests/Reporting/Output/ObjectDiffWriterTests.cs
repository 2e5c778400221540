using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.Reporting.Output;
using k8s.Models;

namespace ExternalEndpointSync.Tests.Reporting.Output;

public sealed class ObjectDiffWriterTests
{
    [Fact]
    public void An_update_shows_exactly_the_changed_lines_and_not_the_fields_the_server_sets()
    {
        var current = Slice("192.0.2.1", "192.0.2.2");
        current.Metadata.ResourceVersion = "41";
        current.Metadata.Uid = "2c9c2b8e-0b5a-4c1e-9f0e-1f0a4d7c2b11";
        var planned = Slice("192.0.2.1", "192.0.2.3");
        planned.Metadata.ResourceVersion = "41";

        var lines = ObjectDiffWriter.Lines(new ObjectChange(ChangeAction.Update, planned, current));

        Assert.Equal("# update EndpointSlice web/api-x7k2p", lines[0]);
        Assert.Equal(["-  - 192.0.2.2", "+  - 192.0.2.3"], Changed(lines));
        Assert.DoesNotContain(lines, static l => l.Contains("resourceVersion", StringComparison.Ordinal) || l.Contains("uid", StringComparison.Ordinal));
    }

    [Fact]
    public void A_create_shows_the_whole_object_and_a_delete_only_its_name()
    {
        var create = ObjectDiffWriter.Lines(new ObjectChange(ChangeAction.Create, Slice("192.0.2.1")));
        var delete = ObjectDiffWriter.Lines(new ObjectChange(ChangeAction.Delete, Slice("192.0.2.1")));

        Assert.Equal("# create EndpointSlice web/api-x7k2p", create[0]);
        Assert.All(create.Skip(1), static l => Assert.StartsWith("+", l, StringComparison.Ordinal));
        Assert.Contains("+  - 192.0.2.1", create);
        Assert.Equal(["# delete EndpointSlice web/api-x7k2p"], delete);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task Colour_is_used_only_when_asked(bool colour, bool escapes)
    {
        var report = new SyncReport
        {
            Services = [new ServiceReport
            {
                Key = new ServiceKey("web", "api"),
                WouldApply = [new ObjectChange(ChangeAction.Update, Slice("192.0.2.3"), Slice("192.0.2.2"))],
            }],
        };
        using var output = new StringWriter();

        await ObjectDiffWriter.WriteAsync(report, output, colour);

        Assert.Equal(escapes, output.ToString().Contains('\u001b', StringComparison.Ordinal));
        Assert.Contains("192.0.2.3", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, null, true)]
    [InlineData(true, "", true)]
    [InlineData(true, "1", false)]
    [InlineData(false, null, false)]
    public void Colour_only_on_a_terminal_and_never_with_NO_COLOR(bool terminal, string? noColor, bool expected)
    {
        var environment = new CliEnvironment { OutputIsTerminal = terminal, GetEnvironmentVariable = name => name == "NO_COLOR" ? noColor : null };

        Assert.Equal(expected, environment.UseColour);
    }

    private static string[] Changed(IEnumerable<string> lines) =>
        [.. lines.Where(static l => (l.StartsWith('-') || l.StartsWith('+')) && !l.StartsWith("---", StringComparison.Ordinal) && !l.StartsWith("+++", StringComparison.Ordinal))];

    private static V1EndpointSlice Slice(params string[] addresses) => new()
    {
        ApiVersion = "discovery.k8s.io/v1",
        Kind = "EndpointSlice",
        Metadata = new V1ObjectMeta
        {
            Name = "api-x7k2p",
            NamespaceProperty = "web",
            Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = "api" },
        },
        AddressType = "IPv4",
        Endpoints = [new V1Endpoint { Addresses = [.. addresses], Conditions = new V1EndpointConditions { Ready = true } }],
        Ports = [new Discoveryv1EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
    };
}
