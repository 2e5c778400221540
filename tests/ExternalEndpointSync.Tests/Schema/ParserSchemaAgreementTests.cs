using System.Text.RegularExpressions;
using ExternalEndpointSync.Registrations;
using ExternalEndpointSync.Registrations.ConfigFile;

namespace ExternalEndpointSync.Tests.Schema;

/// <summary>
/// The parser and <see cref="ConfigSchemaModel"/> accept the same keys at the same paths. The parser
/// has no key table: a <see cref="MappingReader"/> learns its keys from what the parser reads and lists
/// them in its unknown-key error, so a key planted in every mapping makes it say them all.
/// </summary>
public sealed partial class ParserSchemaAgreementTests
{
    private static readonly IReadOnlyList<(SchemaExercise Exercise, ConfigLoadResult Result)> Exercises =
    [
        .. new[] { SchemaExercise.Build(), SchemaExercise.BuildDefaults() }
            .Select(exercise => (exercise, ConfigLoader.Load(exercise.Document.ToJsonString(), "exercise.yaml"))),
    ];

    public static TheoryData<string> MappingPaths() => new(Exercises.SelectMany(run => run.Exercise.Mappings.Select(mapping => mapping.Path)));

    public static TheoryData<int> ExerciseIndexes() => new(Enumerable.Range(0, Exercises.Count));

    [Theory]
    [MemberData(nameof(MappingPaths))]
    public void The_parser_accepts_exactly_the_schema_keys_of_each_mapping(string path)
    {
        var (exercise, result) = Exercises.Single(run => run.Exercise.Mappings.Any(mapping => mapping.Path == path));
        var node = exercise.Mappings.Single(mapping => mapping.Path == path).Node;
        var probePath = ConfigPath.Key(path, SchemaExercise.ProbeKey);
        var error = result.Errors.FirstOrDefault(error => error.Path == probePath)
            ?? throw new Xunit.Sdk.XunitException($"the parser did not report {probePath} as unknown; errors:\n{string.Join('\n', result.Errors)}");

        var allowed = AllowedHere().Match(error.Message) is { Success: true } match
            ? match.Groups[1].Value.Split(", ").Order(StringComparer.Ordinal).ToList()
            : throw new Xunit.Sdk.XunitException($"no allowed-keys list in: {error.Message}");

        var schemaKeys = node.Fields.Select(field => field.Name).Order(StringComparer.Ordinal).ToList();
        Assert.True(schemaKeys.SequenceEqual(allowed),
            $"{path}: only in the schema: [{string.Join(", ", schemaKeys.Except(allowed))}]; only in the parser: [{string.Join(", ", allowed.Except(schemaKeys))}]");
    }

    [Theory]
    [MemberData(nameof(ExerciseIndexes))]
    public void No_schema_property_is_an_unknown_field_to_the_parser(int index)
    {
        var (_, result) = Exercises[index];
        var unknown = result.Errors
            .Where(error => error.Message.StartsWith("unknown field", StringComparison.Ordinal) && !error.Path.EndsWith(SchemaExercise.ProbeKey, StringComparison.Ordinal))
            .ToList();

        Assert.True(result.OmittedErrors == 0, $"{result.OmittedErrors} errors were not listed");
        Assert.True(unknown.Count == 0, string.Join('\n', unknown));
    }

    [Theory]
    [MemberData(nameof(ExerciseIndexes))]
    public void Every_planted_key_is_reported_unknown_once(int index)
    {
        var (exercise, result) = Exercises[index];
        var reported = result.Errors.Where(error => error.Message.StartsWith("unknown field", StringComparison.Ordinal)).Select(error => error.Path).Order(StringComparer.Ordinal);

        var planted = exercise.Mappings.Select(mapping => ConfigPath.Key(mapping.Path, SchemaExercise.ProbeKey)).Order(StringComparer.Ordinal);

        Assert.Equal(planted, reported);
    }

    [GeneratedRegex(@"\(allowed here: ([^)]*)\)$")]
    private static partial Regex AllowedHere();
}
