using ExternalEndpointSync.Model;
using Xunit;

namespace ExternalEndpointSync.Tests.Model;

public sealed class ConsulAddressTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8500", "http://127.0.0.1:8500/")]
    [InlineData("http://127.0.0.1:8500/", "http://127.0.0.1:8500/")]
    [InlineData("https://consul.example.com:8501", "https://consul.example.com:8501/")]
    [InlineData("HTTP://[::1]:8500", "http://[::1]:8500/")]
    public void Accepts_http_and_https_with_host_and_port_only(string text, string uri) =>
        Assert.Equal(new Uri(uri), ConsulAddress.Parse(text).Uri);

    [Theory]
    [InlineData("consul.service:8500", "absolute http or https URI")]
    [InlineData("127.0.0.1:8500", "absolute http or https URI")]
    [InlineData("ftp://127.0.0.1:8500", "absolute http or https URI")]
    [InlineData("unix:///var/run/consul.sock", "absolute http or https URI")]
    [InlineData("", "absolute http or https URI")]
    [InlineData("http://user:secret@127.0.0.1:8500", "must not contain a user name or password")]
    [InlineData("http://127.0.0.1:8500/consul", "without a path, query or fragment")]
    [InlineData("http://127.0.0.1:8500/?dc=a", "without a path, query or fragment")]
    [InlineData("http://127.0.0.1:8500/#top", "without a path, query or fragment")]
    public void Refuses_anything_else_saying_why(string text, string why)
    {
        Assert.False(ConsulAddress.TryParse(text, out _, out var error));
        Assert.Contains(why, error, StringComparison.Ordinal);
        Assert.Contains(why, Assert.Throws<FormatException>(() => ConsulAddress.Parse(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_is_never_repeated_in_the_error()
    {
        Assert.False(ConsulAddress.TryParse("http://user:secret@127.0.0.1:8500", out _, out var error));
        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);
    }
}
