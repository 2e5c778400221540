using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.ConfigFile;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations.ConfigFile;

/// <summary>The example files under <c>config/</c> at the repository root, copied into the test output.</summary>
public sealed class ExampleFilesTests
{
    public static TheoryData<string> ExampleFiles() => new(FileNames());

    private static IEnumerable<string> FileNames() =>
        Directory.EnumerateFiles(ConfigTestFiles.ExamplesDirectory, "*.yaml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    [Fact]
    public void The_documented_examples_are_all_there()
    {
        Assert.Equal(["consul.yaml", "dns.yaml", "examples.yaml", "external-services.yaml", "health-checks.yaml"], FileNames());
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public async Task Every_example_file_loads_without_errors_or_warnings(string file)
    {
        // As text: consul.yaml names files of a pod (token, CA), which LoadFileAsync reads (see below).
        var path = Path.Combine(ConfigTestFiles.ExamplesDirectory, file);
        var result = ConfigLoader.Load(await File.ReadAllTextAsync(path), path);

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        Assert.Empty(result.Warnings);
        Assert.NotEmpty(result.Config!.Services);
    }

    [Fact]
    public async Task The_quick_start_shows_every_kind_of_publishing_with_static_addresses_only()
    {
        var result = await ConfigLoader.LoadFileAsync(Path.Combine(ConfigTestFiles.ExamplesDirectory, "examples.yaml"), CancellationToken.None);

        var services = result.Config!.Services;
        Assert.Equal(SyncConfig.DefaultOwnerId, result.Config.OwnerId);
        Assert.All(services.Where(service => service.Type != ServiceType.ExternalName), service => Assert.IsType<StaticSourceSpec>(service.Source));
        Assert.Equal([ServiceType.ClusterIP, ServiceType.Headless, ServiceType.ExternalName], services.Select(service => service.Type).Distinct());
        Assert.Contains(services, service => service.Publish.Endpoints);
        Assert.Contains(services, service => service.Ports.Count > 1);
        Assert.Contains(services, service => service.Source is StaticSourceSpec source
            && source.Addresses.Any(address => address.Contains(':', StringComparison.Ordinal))
            && source.Addresses.Any(address => address.Contains('.', StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Loading_the_consul_example_reads_the_files_it_names_and_reports_each_missing_one_at_its_line()
    {
        var result = await ConfigLoader.LoadFileAsync(Path.Combine(ConfigTestFiles.ExamplesDirectory, "consul.yaml"), CancellationToken.None);

        Assert.Equal([("consul.tokenFile", 9), ("consul.caFile", 10)], ConfigTestFiles.Locations(result.Errors));
        Assert.All(result.Errors, error => Assert.Contains("the file does not exist", error.Message, StringComparison.Ordinal));
    }
}
