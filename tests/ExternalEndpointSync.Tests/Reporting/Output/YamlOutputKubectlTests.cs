using System.Text.Json;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Tests.EndToEnd;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using Xunit;

namespace ExternalEndpointSync.Tests.Reporting.Output;

/// <summary>
/// <c>sync --output yaml</c> read by the real kubectl (go-yaml, YAML 1.1): strings that a YAML 1.1 or
/// 1.2 reader could take for a number, boolean, null or timestamp come back as the same strings.
/// Authorization is off: kubectl sends no bearer token to a plain-HTTP server, so it would be anonymous.
/// </summary>
public sealed class YamlOutputKubectlTests() : SyncWorldTest(new SyncWorld(new FakeApiServerOptions()))
{
    // Valid label values (alphanumeric ends) that YAML 1.1 or 1.2 reads as another type when plain.
    private static readonly string[] LabelValues = ["0x1F", "0b101", "1_000", "0o17", "yes", "on", "off", "no", "y", "n", "null", "true", "False", "1e3", "012", "1.5", "0", "1_0.5"];

    // Annotation values may be anything.
    private static readonly string[] AnnotationValues = [".inf", "-.inf", ".NaN", "+12", "1e3", "2026-01-01", "2026-01-01T10:00:00Z", "~", "null", "", "<<", "=", "- a", "a: b", "#x", "@at", "`tick", "'single'", "\"double\"", "multi\nline", "  spaced  ", "ünïcode", "0x1F", "Yes", "ON", "1:20"];

    [Fact]
    public async Task Kubectl_reads_every_label_and_annotation_back_as_the_same_string()
    {
        var labels = LabelValues.Select((value, i) => ($"l{i}", value)).ToList();
        var annotations = AnnotationValues.Select((value, i) => ($"example.com/a{i}", value)).ToList();
        var extra = $"    labels: {{ {string.Join(", ", labels.Select(static l => $"{l.Item1}: {JsonSerializer.Serialize(l.Item2)}"))} }}\n"
            + $"    annotations: {{ {string.Join(", ", annotations.Select(static a => $"{a.Item1}: {JsonSerializer.Serialize(a.Item2)}"))} }}\n";
        var config = World.WriteConfig(SyncWorld.StaticService("quoted", ["192.0.2.1"], extra: extra));

        var run = await World.SyncAsync(config, "--dry-run", "--output", "yaml");
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var stream = Path.Combine(Path.GetDirectoryName(World.Kubeconfig)!, "stream.yaml");
        await File.WriteAllTextAsync(stream, run.Output);
        var kubectl = await KubectlRunner.RunAsync(World.Kubeconfig, ["create", "--dry-run=client", "--validate=false", "-o", "json", "-f", stream]);

        Assert.True(kubectl.ExitCode == 0, kubectl.StandardError + "\n" + run.Output);
        var service = Objects(kubectl.StandardOutput).Single(static o => o.GetProperty("kind").GetString() == "Service");
        var metadata = service.GetProperty("metadata");
        foreach (var (key, value) in labels)
        {
            Assert.Equal(value, metadata.GetProperty("labels").GetProperty(key).GetString());
        }

        foreach (var (key, value) in annotations)
        {
            Assert.Equal(value, metadata.GetProperty("annotations").GetProperty(key).GetString());
        }
    }

    /// <summary>kubectl prints one JSON object per input document, one after the other.</summary>
    private static List<JsonElement> Objects(string output)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(output), new JsonReaderOptions { AllowMultipleValues = true });
        var objects = new List<JsonElement>();
        while (reader.Read())
        {
            objects.Add(JsonElement.ParseValue(ref reader));
        }

        return objects;
    }
}
