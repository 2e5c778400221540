using System.Diagnostics;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Tests.EndToEnd;

namespace ExternalEndpointSync.Tests.Hostile;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostileCollection
{
    /// <summary>Alone, so that the time and memory each case costs are its own.</summary>
    public const string Name = "Hostile inputs";
}

/// <summary>
/// Every hostile input through <c>validate</c>, <c>sync --once --dry-run</c> and <c>sync --once</c>
/// against the fake API server: the exit code, no stack trace, the path named, nothing written,
/// and time and memory bounded.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class HostileCorpusTests(HostileWorld world) : IClassFixture<HostileWorld>
{
    private static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(10);
    private const long MemoryBudgetBytes = 300L * 1024 * 1024;

    public static TheoryData<string> CaseNames() => new(HostileCorpus.Cases.Select(static c => c.Name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task A_hostile_input_gets_a_clear_answer_in_bounded_time_and_memory(string name)
    {
        var hostile = HostileCorpus.Cases.Single(c => c.Name == name);
        var configPath = await hostile.Create(world);
        var writesBefore = world.Api.Writes.Total;

        using var memory = PeakHeapGrowth.Start();
        var stopwatch = Stopwatch.StartNew();
        var (validate, dryRun, sync) = await world.RunAllAsync(configPath, hostile.ExtraSyncArgs);
        stopwatch.Stop();

        foreach (var run in new[] { validate, dryRun, sync })
        {
            HostileOutput.AssertNoStackTrace(run);
        }

        Assert.True(stopwatch.Elapsed < 3 * TimeBudget, $"{name}: the three runs took {stopwatch.Elapsed}");
        Assert.True(memory.PeakBytes < MemoryBudgetBytes, $"{name}: the managed heap grew by {memory.PeakBytes / (1024 * 1024)} MB");
        if (hostile.SyncOnly)
        {
            Assert.True(validate.ExitCode == ExitCodes.Success, validate.ToString());
            // A dry run without a usable cluster plans against an empty one (the contract), so only sync must refuse.
            Assert.True(sync.ExitCode is ExitCodes.Invalid or ExitCodes.PartialFailure, sync.ToString());
            Assert.Contains(hostile.MustMention, sync.Error, StringComparison.Ordinal);
            Assert.Equal(writesBefore, world.Api.Writes.Total);
            return;
        }

        var expected = hostile.Valid ? ExitCodes.Success : ExitCodes.Invalid;
        Assert.True(validate.ExitCode == expected, validate.ToString());
        Assert.True(dryRun.ExitCode == expected, dryRun.ToString());
        Assert.True(sync.ExitCode == expected, sync.ToString());
        Assert.True(validate.Error.Contains(hostile.MustMention, StringComparison.Ordinal), $"{name}: \"{hostile.MustMention}\" not in\n{validate.Error[..Math.Min(validate.Error.Length, 2000)]}");
        if (!hostile.Valid)
        {
            Assert.Contains(configPath, validate.Error, StringComparison.Ordinal);
            Assert.Equal(validate.Error, dryRun.Error);
            Assert.Equal(writesBefore, world.Api.Writes.Total);
            Assert.True(validate.Error.Length < 64 * 1024, $"{name}: {validate.Error.Length} characters of diagnostics");
        }
    }

    [Fact]
    public async Task Cancelling_while_the_file_loads_ends_the_command_without_a_stack_trace()
    {
        var path = await world.WriteAsync("cancelled.yaml", "apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\nservices: []\n");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var validate = await HostileWorld.RunAsync(["validate", "--config", path], cancelled.Token);
        var sync = await HostileWorld.RunAsync(["sync", "--once", "--config", path, "--kubeconfig", world.Kubeconfig], cancelled.Token);

        HostileOutput.AssertNoStackTrace(validate);
        HostileOutput.AssertNoStackTrace(sync);
        Assert.NotEqual(ExitCodes.Success, validate.ExitCode);
        Assert.NotEqual(ExitCodes.Success, sync.ExitCode);
    }

    /// <summary>The largest growth of the managed heap over its size at the start, sampled while a case runs.</summary>
    private sealed class PeakHeapGrowth : IDisposable
    {
        private readonly long baseline = GC.GetTotalMemory(forceFullCollection: true);
        private readonly CancellationTokenSource stop = new();
        private readonly Task sampler;
        private long peak;

        private PeakHeapGrowth() => sampler = Task.Run(SampleAsync);

        public long PeakBytes
        {
            get
            {
                Sample();
                return Interlocked.Read(ref peak);
            }
        }

        public static PeakHeapGrowth Start() => new();

        public void Dispose()
        {
            stop.Cancel();
            sampler.Wait();
            stop.Dispose();
        }

        private async Task SampleAsync()
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                {
                    Sample();
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        private void Sample()
        {
            var growth = GC.GetTotalMemory(forceFullCollection: false) - baseline;
            long current;
            while (growth > (current = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, growth, current) != current)
            {
            }
        }
    }
}
