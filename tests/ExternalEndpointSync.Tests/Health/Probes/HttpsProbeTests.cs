using System.Net;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.TestSupport.Servers;
using Xunit;

namespace ExternalEndpointSync.Tests.Health.Probes;

public sealed class HttpsProbeTests : IAsyncLifetime, IDisposable
{
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create();
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ees-https-");
    private HttpTestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await HttpTestServer.StartAsync(certificate: _ca.IssueServerCertificate(["orders.test"], [IPAddress.Loopback]));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose()
    {
        _ca.Dispose();
        _directory.Delete(recursive: true);
    }

    private static HealthCheckSpec Https(TlsProbeSpec tls, string? host = null) =>
        Probing.Spec(HealthCheckType.Https) with { Tls = tls, Http = new HttpProbeSpec { Path = "/healthz", Host = host } };

    [Fact]
    public async Task A_certificate_from_an_untrusted_CA_is_rejected_by_default()
    {
        var result = await Probing.RunAsync(_server.Address, _server.Port, Https(new TlsProbeSpec()));

        Assert.False(result.Succeeded);
        Assert.Contains("certificate rejected", result.Failure, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Trusting_the_CA_file_makes_it_up()
    {
        var caFile = _ca.WriteCaFile(_directory.FullName);

        var result = await Probing.RunAsync(_server.Address, _server.Port, Https(new TlsProbeSpec { CaFile = caFile }));

        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal("/healthz", Assert.Single(_server.Requests).Path);
    }

    [Fact]
    public async Task InsecureSkipVerify_accepts_any_certificate()
    {
        var result = await Probing.RunAsync(_server.Address, _server.Port, Https(new TlsProbeSpec { InsecureSkipVerify = true }));

        Assert.True(result.Succeeded, result.Failure);
    }

    [Fact]
    public async Task The_server_name_is_sent_as_SNI_and_verified()
    {
        var caFile = _ca.WriteCaFile(_directory.FullName);

        var result = await Probing.RunAsync(_server.Address, _server.Port, Https(new TlsProbeSpec { CaFile = caFile, ServerName = DnsName.Parse("orders.test") }));

        Assert.True(result.Succeeded, result.Failure);
        Assert.Contains("orders.test", _server.ServerNames);
    }

    [Fact]
    public async Task The_Host_header_is_the_SNI_when_no_server_name_is_set()
    {
        var caFile = _ca.WriteCaFile(_directory.FullName);

        var result = await Probing.RunAsync(_server.Address, _server.Port, Https(new TlsProbeSpec { CaFile = caFile }, host: "orders.test"));

        Assert.True(result.Succeeded, result.Failure);
        Assert.Contains("orders.test", _server.ServerNames);
        Assert.Equal("orders.test", Assert.Single(_server.Requests).Host);
    }

    [Fact]
    public async Task A_server_name_the_certificate_does_not_cover_is_rejected_even_with_the_CA_trusted()
    {
        var caFile = _ca.WriteCaFile(_directory.FullName);

        var result = await Probing.RunAsync(_server.Address, _server.Port, Https(new TlsProbeSpec { CaFile = caFile, ServerName = DnsName.Parse("billing.test") }));

        Assert.False(result.Succeeded);
        Assert.Contains("RemoteCertificateNameMismatch", result.Failure, StringComparison.Ordinal);
    }
}
