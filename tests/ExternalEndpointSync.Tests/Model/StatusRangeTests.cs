using ExternalEndpointSync.Model;
using Xunit;

namespace ExternalEndpointSync.Tests.Model;

public sealed class StatusRangeTests
{
    [Theory]
    [InlineData("200", 200, 200)]
    [InlineData("100", 100, 100)]
    [InlineData("599", 599, 599)]
    [InlineData("200-399", 200, 399)]
    [InlineData("204-204", 204, 204)]
    public void Accepts_a_code_or_a_range_of_codes(string text, int low, int high)
    {
        Assert.True(StatusRange.TryParse(text, out var range));
        Assert.Equal((low, high), (range.Low, range.High));
        Assert.True(range.Contains(low) && range.Contains(high));
        Assert.False(range.Contains(low - 1) || range.Contains(high + 1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2xx")]
    [InlineData("99")]
    [InlineData("600")]
    [InlineData("0200")]
    [InlineData("+200")]
    [InlineData("200-")]
    [InlineData("-200")]
    [InlineData("399-200")]
    [InlineData("200-299-399")]
    [InlineData("200 - 299")]
    [InlineData(" 200")]
    public void Refuses_anything_else(string text)
    {
        Assert.False(StatusRange.TryParse(text, out _));
        Assert.Contains(StatusRange.Rule, Assert.Throws<FormatException>(() => StatusRange.Parse(text)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("204", "204")]
    [InlineData("200-399", "200-399")]
    [InlineData("204-204", "204")]
    public void Is_written_back_the_way_it_is_read(string text, string written) =>
        Assert.Equal(written, StatusRange.Parse(text).ToString());
}
