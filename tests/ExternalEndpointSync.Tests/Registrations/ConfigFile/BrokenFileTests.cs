using ExternalEndpointSync.Registrations.ConfigFile;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations.ConfigFile;

public sealed class BrokenFileTests
{
    [Fact]
    public async Task Every_error_in_the_file_is_reported_with_its_path_and_line_in_file_order()
    {
        var result = await ConfigLoader.LoadFileAsync(ConfigTestFiles.AssetPath("broken.yaml"), CancellationToken.None);

        Assert.Null(result.Config);
        Assert.Equal(
            [
                ("apiVersion", 1),
                ("ownerId", 3),
                ("policy", 4),
                ("defaults.namespace", 6),
                ("defaults.healthCheck.timeout", 10),
                ("consul.address", 12),
                ("consul.wait", 13),
                ("services[0].name", 15),
                ("services[0].ports[0].port", 17),
                ("services[0].ports[1].name", 18),
                ("services[0].ports[1].protocol", 18),
                ("services[0].source.static.addresses[1]", 20),
                ("services[1].ports[1].name", 23),
                ("services[1].source.dns.minTtl", 25),
                ("services[1].source.consul", 26),
                ("services[2].externalName", 30),
                ("services[3].name", 32),
                ("services[3].resyncInterval", 35),
                ("services[3].source.dns.nameservers[0]", 37),
                ("services[3].publish.endpointSlices", 38),
                ("services[3].publish.maxEndpointsPerSlce", 38),
                ("services[3].labels[\"app.kubernetes.io/managed-by\"]", 39),
            ],
            ConfigTestFiles.Locations(result.Errors));
    }

    [Fact]
    public async Task A_dropped_address_is_a_warning_next_to_the_errors()
    {
        var result = await ConfigLoader.LoadFileAsync(ConfigTestFiles.AssetPath("broken.yaml"), CancellationToken.None);

        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("services[0].source.static.addresses[2]", 20), (warning.Path, warning.Line));
        Assert.Contains("loopback", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_say_what_is_wrong_and_what_is_allowed()
    {
        var result = await ConfigLoader.LoadFileAsync(ConfigTestFiles.AssetPath("broken.yaml"), CancellationToken.None);

        var messages = result.Errors.ToDictionary(error => error.Path, error => error.Message);
        Assert.Equal(
            "must be a DNS-1035 label (lower-case letters, digits and '-', starting with a letter, ending with a letter or digit, at most 63 characters): \"Orders_DB\"",
            messages["services[0].name"]);
        Assert.Contains("did you mean \"maxEndpointsPerSlice\"?", messages["services[3].publish.maxEndpointsPerSlce"], StringComparison.Ordinal);
        Assert.Contains("services[1] already declares it", messages["services[3].name"], StringComparison.Ordinal);
        Assert.Contains("a bare number has no unit", messages["services[3].resyncInterval"], StringComparison.Ordinal);
        Assert.Equal("line 15: services[0].name: " + messages["services[0].name"], result.Errors.Single(error => error.Path == "services[0].name").ToString());
    }

    [Fact]
    public async Task A_missing_file_is_one_error_naming_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.yaml");

        var result = await ConfigLoader.LoadFileAsync(path, CancellationToken.None);

        var error = Assert.Single(result.Errors);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Equal(path, result.SourceName);
        Assert.Null(result.Config);
    }
}
