using ExternalEndpointSync.Registrations;
using ExternalEndpointSync.Registrations.ConfigFile;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations;

/// <summary>Shared ways to load test configurations and compare their diagnostics.</summary>
internal static class ConfigTestFiles
{
    public const string Header = "apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\n";

    public static string AssetPath(string name) => Path.Combine(AppContext.BaseDirectory, "TestAssets", "config", name);

    public static string ExamplesDirectory => Path.Combine(AppContext.BaseDirectory, "config");

    /// <summary>Loads <see cref="Header"/> followed by <paramref name="body"/>: line 3 is the body's first line.</summary>
    public static ConfigLoadResult LoadBody(string body) => ConfigLoader.Load(Header + body, "test.yaml");

    public static IReadOnlyList<(string Path, int Line)> Locations(IEnumerable<ConfigDiagnostic> diagnostics) =>
        [.. diagnostics.Select(diagnostic => (diagnostic.Path, diagnostic.Line))];

    /// <summary>Asserts exactly one error, at <paramref name="path"/> and <paramref name="line"/>, whose message contains <paramref name="text"/>.</summary>
    public static ConfigDiagnostic SingleError(ConfigLoadResult result, string path, int line, string text)
    {
        var error = Assert.Single(result.Errors);
        Assert.Equal((path, line), (error.Path, error.Line));
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
        Assert.Null(result.Config);
        return error;
    }

    public static string Describe(ConfigLoadResult result) =>
        string.Join(Environment.NewLine, result.Errors.Concat(result.Warnings).Select(diagnostic => diagnostic.ToString()));
}
