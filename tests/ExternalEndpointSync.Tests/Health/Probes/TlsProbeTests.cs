using System.Net;
using ExternalEndpointSync.Health.Probes;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.TestSupport.Servers;
using Xunit;

namespace ExternalEndpointSync.Tests.Health.Probes;

public sealed class TlsProbeTests : IDisposable
{
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create();
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ees-tls-");

    public void Dispose()
    {
        _ca.Dispose();
        _directory.Delete(recursive: true);
    }

    private HealthCheckSpec Tls(bool trustCa = true) =>
        Probing.Spec(HealthCheckType.Tls) with { Tls = new TlsProbeSpec { CaFile = trustCa ? _ca.WriteCaFile(_directory.FullName) : null } };

    [Fact]
    public async Task A_verified_handshake_is_up_without_warning()
    {
        await using var server = await HttpTestServer.StartAsync(certificate: _ca.IssueServerCertificate([], [IPAddress.Loopback]));

        var result = await Probing.RunAsync(server.Address, server.Port, Tls());

        Assert.True(result.Succeeded, result.Failure);
        Assert.Null(result.Warning);
    }

    [Fact]
    public async Task A_certificate_close_to_expiry_is_up_with_a_warning()
    {
        await using var server = await HttpTestServer.StartAsync(certificate: _ca.IssueServerCertificate([], [IPAddress.Loopback], TimeSpan.FromDays(3)));

        var result = await Probing.RunAsync(server.Address, server.Port, Tls());

        Assert.True(result.Succeeded, result.Failure);
        Assert.Contains("expires at", result.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_untrusted_certificate_is_down()
    {
        await using var server = await HttpTestServer.StartAsync(certificate: _ca.IssueServerCertificate([], [IPAddress.Loopback]));

        var result = await Probing.RunAsync(server.Address, server.Port, Tls(trustCa: false));

        Assert.False(result.Succeeded);
        Assert.Contains("RemoteCertificateChainErrors", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_TCP_server_fails_the_handshake()
    {
        await using var server = TcpListenerServer.Start();

        var result = await Probing.RunAsync(server.Address, server.Port, Tls());

        Assert.False(result.Succeeded);
    }

    [Fact]
    public void Expiry_warning_window_is_fourteen_days()
    {
        using var certificate = _ca.IssueServerCertificate(["a.test"], []);
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);

        Assert.Null(TlsProbe.ExpiryWarning(certificate, notAfter - TimeSpan.FromDays(15)));
        Assert.Contains("expires", TlsProbe.ExpiryWarning(certificate, notAfter - TimeSpan.FromDays(13)), StringComparison.Ordinal);
        Assert.Contains("expired", TlsProbe.ExpiryWarning(certificate, notAfter + TimeSpan.FromSeconds(1)), StringComparison.Ordinal);
    }
}
