using ExternalEndpointSync.Registrations;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1h2m3s4ms", 3_723_004)]
    [InlineData("1.5s", 1_500)]
    [InlineData("0s", 0)]
    public void Reads_go_style_durations(string text, long milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("30")]
    [InlineData("0")]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("30 s")]
    [InlineData("-5s")]
    [InlineData("5d")]
    [InlineData("99999999999999999999999h")]
    [InlineData("79228162514264337593543950335ms")]
    [InlineData("5S")]
    [InlineData("1.2.3s")]
    [InlineData("PT30S")]
    public void Rejects_anything_else(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _));
    }

    [Theory]
    [InlineData(90_000, "1m30s")]
    [InlineData(500, "500ms")]
    [InlineData(0, "0s")]
    [InlineData(7_200_000, "2h")]
    public void Formats_the_way_it_reads(long milliseconds, string text)
    {
        var duration = TimeSpan.FromMilliseconds(milliseconds);

        Assert.Equal(text, DurationParser.Format(duration));
        Assert.True(DurationParser.TryParse(text, out var back));
        Assert.Equal(duration, back);
    }

    [Fact]
    public void A_bare_number_in_the_file_is_an_error_naming_the_expected_form()
    {
        var result = ConfigTestFiles.LoadBody("""
            services:
              - name: web
                ports: [ { port: 80 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
                resyncInterval: 30
            """);

        var error = ConfigTestFiles.SingleError(result, "services[0].resyncInterval", 7, "500ms, 30s, 5m or 1m30s");
        Assert.Contains("a bare number has no unit", error.Message, StringComparison.Ordinal);
    }
}
