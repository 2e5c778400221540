using ExternalEndpointSync.Planning;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Reporting.Output;

/// <summary>
/// What a dry-run would write, the way <c>kubectl diff</c> shows it: for an update a unified diff
/// of the object as it is and as it would be (as applied: without the fields the server sets), for
/// a create the whole object, for a delete its name. Colour only when asked (a terminal).
/// </summary>
public static class ObjectDiffWriter
{
    private const string Red = "\u001b[31m";
    private const string Green = "\u001b[32m";
    private const string Cyan = "\u001b[36m";
    private const string Bold = "\u001b[1m";
    private const string Reset = "\u001b[0m";

    public static async Task WriteAsync(SyncReport report, TextWriter output, bool colour)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var change in report.Services.SelectMany(static s => s.WouldApply))
        {
            foreach (var line in Lines(change))
            {
                await output.WriteLineAsync(colour ? Colour(line) : line);
            }
        }
    }

    /// <summary>The uncoloured lines of one change: a heading, then the diff, the object or nothing.</summary>
    public static IReadOnlyList<string> Lines(ObjectChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var name = $"{change.Object.Metadata.NamespaceProperty}/{change.DisplayName}";
        switch (change.Action)
        {
            case ChangeAction.Create:
                return [$"# create {change.Kind} {name}", .. YamlLines(change.Object).Select(static l => "+" + l)];
            case ChangeAction.Delete:
                return [$"# delete {change.Kind} {name}"];
            default:
                var before = change.Current is null ? [] : YamlLines(change.Current);
                return [$"# update {change.Kind} {name}", $"--- {name} (current)", $"+++ {name} (planned)", .. UnifiedDiff.Lines(before, YamlLines(change.Object))];
        }
    }

    private static string[] YamlLines(IKubernetesObject<V1ObjectMeta> obj) =>
        KubernetesYaml.Serialize(ApplicableObject.From(obj)).TrimEnd('\n').Split('\n');

    private static string Colour(string line) => line switch
    {
        _ when line.StartsWith('#') => Bold + line + Reset,
        _ when line.StartsWith("---", StringComparison.Ordinal) || line.StartsWith("+++", StringComparison.Ordinal) => Bold + line + Reset,
        _ when line.StartsWith("@@", StringComparison.Ordinal) => Cyan + line + Reset,
        _ when line.StartsWith('-') => Red + line + Reset,
        _ when line.StartsWith('+') => Green + line + Reset,
        _ => line,
    };
}
