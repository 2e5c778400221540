using System.Diagnostics;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.ConfigFile;
using ExternalEndpointSync.Tests.EndToEnd;

namespace ExternalEndpointSync.Tests.Hostile;

/// <summary>
/// Random mutations of the example files (seeded: the failing seed is in the message, and
/// <c>EES_FUZZ_SEED</c> replays a run). The loader never throws and answers fast; for a sample,
/// <c>validate</c>, <c>sync --once --dry-run</c> and <c>sync --once</c> against the fake agree on
/// whether the file is valid, so validate never calls valid what sync then rejects.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class ConfigFuzzTests(HostileWorld world) : IClassFixture<HostileWorld>
{
    private const int LoaderCases = 4000;
    private const int CommandLineCases = 60;

    private static readonly int BaseSeed = int.TryParse(Environment.GetEnvironmentVariable("EES_FUZZ_SEED"), out var seed) ? seed : 20_261_202;

    private static readonly string[] Examples =
        [.. Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "config"), "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllText)];

    [Fact]
    public void Mutated_example_files_never_make_the_loader_throw_and_load_in_bounded_time()
    {
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < LoaderCases; i++)
        {
            var caseSeed = BaseSeed + i;
            var text = ConfigMutator.Mutate(Examples[i % Examples.Length], caseSeed);
            ConfigLoadResult result;
            try
            {
                result = ConfigLoader.Load(text, "fuzz.yaml");
            }
            catch (Exception exception)
            {
                Assert.Fail($"seed {caseSeed} (EES_FUZZ_SEED={BaseSeed}, case {i}): {exception.GetType().Name}: {exception.Message}\n--- text\n{text}");
                throw;
            }

            Assert.True(result.IsValid == (result.Config is not null), $"seed {caseSeed}: a configuration must come with no errors, and only then");
            Assert.All(result.Errors.Concat(result.Warnings), diagnostic => Assert.False(string.IsNullOrEmpty(diagnostic.Path), $"seed {caseSeed}: a diagnostic without a path: {diagnostic}"));
            Assert.All(ConfigDiagnosticFormatter.Format(result), line => Assert.DoesNotContain("Exception", line, StringComparison.Ordinal));
        }

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"{LoaderCases} loads took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Validate_and_sync_agree_on_validity_for_mutated_example_files()
    {
        var checkedSyncs = 0;
        for (var i = 0; i < CommandLineCases; i++)
        {
            var caseSeed = BaseSeed + 1_000_000 + i;
            var text = ConfigMutator.Mutate(Examples[i % Examples.Length], caseSeed);
            var path = await world.WriteAsync($"fuzz-{caseSeed}.yaml", text);
            var validate = await HostileWorld.RunAsync(["validate", "--config", path]);
            var context = $"seed {caseSeed} (EES_FUZZ_SEED={BaseSeed}, case {i})\n--- text\n{text}\n--- validate\n{validate}";
            HostileOutput.AssertNoStackTrace(validate);
            Assert.True(validate.ExitCode is ExitCodes.Success or ExitCodes.Invalid, context);

            // Only files that contact nothing but the fake are synced: no DNS or Consul sources.
            var loaded = await ConfigLoader.LoadFileAsync(path, CancellationToken.None);
            if (loaded.Config?.Services.Any(static s => s.Source is DnsSourceSpec or ConsulSourceSpec) == true)
            {
                continue;
            }

            string[][] syncs = [["sync", "--once", "--dry-run"], ["sync", "--once"]];
            foreach (var sync in syncs)
            {
                var run = await HostileWorld.RunAsync([.. sync, "--config", path, "--kubeconfig", world.Kubeconfig]);
                HostileOutput.AssertNoStackTrace(run);
                Assert.True((validate.ExitCode == ExitCodes.Invalid) == (run.ExitCode == ExitCodes.Invalid), $"{context}\n--- {string.Join(' ', sync)}\n{run}");
                Assert.True(validate.ExitCode == ExitCodes.Invalid || run.ExitCode == ExitCodes.Success || OnlyMissingNamespaces(run), $"validate accepted a file sync failed on: {context}\n--- {string.Join(' ', sync)}\n{run}");
                Assert.DoesNotContain("configuration error", run.Output + run.Error, StringComparison.Ordinal);
            }

            checkedSyncs++;
        }

        Assert.True(checkedSyncs >= CommandLineCases / 3, $"only {checkedSyncs} of {CommandLineCases} cases were synced");
    }

    /// <summary>A mutated namespace name the fake has no namespace for fails as on a real cluster: the environment, not the file.</summary>
    private static bool OnlyMissingNamespaces(CliRun run)
    {
        var errors = run.Output.Split('\n').Where(static line => line.TrimStart().StartsWith("error:", StringComparison.Ordinal)).ToList();
        return errors.Count > 0 && errors.All(static line => line.Contains("404 NotFound: namespaces \"", StringComparison.Ordinal));
    }
}
