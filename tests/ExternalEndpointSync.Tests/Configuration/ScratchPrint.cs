using ExternalEndpointSync.Configuration;
using Xunit;

namespace ExternalEndpointSync.Tests.Configuration;

public sealed class ScratchPrint
{
    [Fact]
    public void Print()
    {
        var result = ConfigLoader.Load(File.ReadAllText(Environment.GetEnvironmentVariable("SCRATCH_FILE") ?? ConfigTestFiles.AssetPath("broken.yaml")), "broken.yaml");
        File.WriteAllText("/tmp/scratch-out.txt", string.Join("\n", result.Errors.Select(e => "E " + e)) + "\n" + string.Join("\n", result.Warnings.Select(e => "W " + e)));
    }
}
