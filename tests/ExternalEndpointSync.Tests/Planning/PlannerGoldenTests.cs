using System.Runtime.CompilerServices;
using ExternalEndpointSync.Planning;
using Xunit;

namespace ExternalEndpointSync.Tests.Planning;

/// <summary>
/// Golden cases under <c>TestAssets/planner/&lt;case&gt;/</c>: <c>input.yaml</c> (see
/// <see cref="PlannerInput"/>) is planned and the plan rendered by <see cref="PlanYaml"/> must
/// equal <c>expected.yaml</c>. After an intended change of behaviour, run the tests with the
/// environment variable <c>UPDATE_GOLDEN=1</c>: every expected file is rewritten in the source
/// tree (the test still fails, so an accidental run is noticed), then review the diff.
/// </summary>
public sealed class PlannerGoldenTests
{
    public static TheoryData<string> Cases() => new(CaseNames());

    private static IEnumerable<string> CaseNames() =>
        Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "TestAssets", "planner"))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plan_matches_the_golden_file(string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "TestAssets", "planner", name);
        var input = PlannerInput.Parse(File.ReadAllText(Path.Combine(directory, "input.yaml")));

        var actual = PlanYaml.Render(Planner.Plan(input.Desired, input.Current, input.Options));

        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(SourceAssets(), name, "expected.yaml"), actual);
            Assert.Fail($"UPDATE_GOLDEN=1: rewrote {name}/expected.yaml; review the diff and run again without it.");
        }

        var expectedPath = Path.Combine(directory, "expected.yaml");
        Assert.True(File.Exists(expectedPath), $"{expectedPath} is missing; create it with UPDATE_GOLDEN=1.");
        Assert.Equal(File.ReadAllText(expectedPath).ReplaceLineEndings("\n"), actual);
    }

    [Fact]
    public void Every_golden_case_plans_nothing_once_applied()
    {
        foreach (var name in CaseNames())
        {
            var input = PlannerInput.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestAssets", "planner", name, "input.yaml")));
            var cluster = new InMemoryCluster(input.Current);
            cluster.Apply(Planner.Plan(input.Desired, cluster.State(), input.Options));

            var again = Planner.Plan(input.Desired, cluster.State(), input.Options);

            Assert.False(again.HasChanges, $"{name}: second plan has changes:\n{PlanYaml.Render(again)}");
        }
    }

    private static string SourceAssets([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "TestAssets", "planner");
}
