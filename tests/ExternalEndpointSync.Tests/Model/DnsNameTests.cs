using ExternalEndpointSync.Model;
using Xunit;

namespace ExternalEndpointSync.Tests.Model;

public sealed class DnsNameTests
{
    [Theory]
    [InlineData("db.example.com", "db.example.com")]
    [InlineData("db.example.com.", "db.example.com")]
    [InlineData("_postgres._tcp.db.example.com", "_postgres._tcp.db.example.com")]
    [InlineData("localhost", "localhost")]
    [InlineData("Mixed-Case.Example", "Mixed-Case.Example")]
    public void Accepts_host_and_service_names_and_drops_a_trailing_dot(string text, string value)
    {
        Assert.True(DnsName.TryParse(text, out var name));
        Assert.Equal(value, name.Value);
    }

    [Fact]
    public void A_trailing_dot_does_not_make_another_name() =>
        Assert.Equal(DnsName.Parse("db.example.com"), DnsName.Parse("db.example.com."));

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("db..example.com")]
    [InlineData("-db.example.com")]
    [InlineData("db-.example.com")]
    [InlineData("a b")]
    [InlineData("db.example.com..")]
    [InlineData("a-label-that-is-longer-than-sixty-three-characters-which-dns-forbids.example")]
    public void Refuses_anything_else(string text)
    {
        Assert.False(DnsName.TryParse(text, out _));
        Assert.Contains(DnsName.Rule, Assert.Throws<FormatException>(() => DnsName.Parse(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_more_than_253_characters()
    {
        var label = new string('a', 63);
        var longest = string.Join('.', label, label, label, new string('a', 61));
        Assert.True(DnsName.TryParse(longest, out _));
        Assert.False(DnsName.TryParse(longest + "a", out _));
    }
}
