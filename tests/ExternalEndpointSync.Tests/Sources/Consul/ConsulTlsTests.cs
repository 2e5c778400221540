using System.Security.Cryptography.X509Certificates;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.TestSupport.Consul;
using Xunit;

namespace ExternalEndpointSync.Tests.Sources.Consul;

/// <summary>An HTTPS Consul double whose certificate is signed by a CA made in the test.</summary>
public sealed class ConsulTlsTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ees-consul-tls-").FullName;
    private readonly X509Certificate2 _authority = SelfSignedCertificates.CreateAuthority("ees-test-ca");
    private readonly ExternalServiceSpec _registration = ConsulTestKit.Registration(new ConsulSourceSpec { Service = "redis" });
    private ConsulDouble _consul = null!;
    private string _caFile = "";

    public async Task InitializeAsync()
    {
        _caFile = Path.Combine(_directory, "ca.pem");
        SelfSignedCertificates.WriteCertificatePem(_authority, _caFile);
        _consul = await ConsulDouble.StartAsync(new ConsulDoubleOptions { ServerCertificate = SelfSignedCertificates.CreateServer(_authority) });
        _consul.Register("redis", new ConsulDoubleInstance { Id = "a", Address = "10.1.0.1", Port = 6379 });
    }

    public async Task DisposeAsync()
    {
        await _consul.DisposeAsync();
        _authority.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_custom_ca_makes_the_https_double_trusted()
    {
        Assert.Equal("https", _consul.Address.Scheme);
        var (source, client) = ConsulTestKit.CreateSource(ConsulTestKit.Settings(_consul) with { CaFile = _caFile });
        await using var _ = source;
        using var __ = client;

        var result = await source.ResolveAsync(_registration, ConsulTestKit.Timeout());

        Assert.Null(result.Error);
        Assert.Equal(["10.1.0.1"], result.Endpoints!.Select(e => e.Address));
    }

    [Fact]
    public async Task Without_the_ca_the_certificate_is_refused_and_nothing_is_published()
    {
        var (source, client) = ConsulTestKit.CreateSource(ConsulTestKit.Settings(_consul));
        await using var _ = source;
        using var __ = client;

        var result = await source.ResolveAsync(_registration, ConsulTestKit.Timeout());

        Assert.Null(result.Endpoints);
        Assert.Contains("SSL", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(_consul.Requests);
    }

    [Fact]
    public async Task A_different_ca_is_refused()
    {
        using var stranger = SelfSignedCertificates.CreateAuthority("some-other-ca");
        var strangerFile = Path.Combine(_directory, "other-ca.pem");
        SelfSignedCertificates.WriteCertificatePem(stranger, strangerFile);
        var (source, client) = ConsulTestKit.CreateSource(ConsulTestKit.Settings(_consul) with { CaFile = strangerFile });
        await using var _ = source;
        using var __ = client;

        var result = await source.ResolveAsync(_registration, ConsulTestKit.Timeout());

        Assert.Null(result.Endpoints);
        Assert.NotNull(result.Error);
        Assert.Empty(_consul.Requests);
    }

    [Fact]
    public async Task A_client_certificate_is_presented_when_configured()
    {
        await using var mutual = await ConsulDouble.StartAsync(new ConsulDoubleOptions
        {
            ServerCertificate = SelfSignedCertificates.CreateServer(_authority),
            ClientCertificateAuthority = _authority,
        });
        mutual.Register("redis", new ConsulDoubleInstance { Id = "a", Address = "10.1.0.1", Port = 6379 });
        using var clientCertificate = SelfSignedCertificates.CreateClient(_authority, "ees-client");
        var certFile = Path.Combine(_directory, "client.pem");
        var keyFile = Path.Combine(_directory, "client-key.pem");
        SelfSignedCertificates.WriteCertificatePem(clientCertificate, certFile);
        SelfSignedCertificates.WriteKeyPem(clientCertificate, keyFile);
        var settings = ConsulTestKit.Settings(mutual) with { CaFile = _caFile };

        var (withCert, withCertClient) = ConsulTestKit.CreateSource(settings with { ClientCertificateFile = certFile, ClientKeyFile = keyFile });
        await using (withCert)
        using (withCertClient)
        {
            var accepted = await withCert.ResolveAsync(_registration, ConsulTestKit.Timeout());
            Assert.Null(accepted.Error);
        }

        var (withoutCert, withoutCertClient) = ConsulTestKit.CreateSource(settings);
        await using (withoutCert)
        using (withoutCertClient)
        {
            var refused = await withoutCert.ResolveAsync(_registration, ConsulTestKit.Timeout());
            Assert.NotNull(refused.Error);
            Assert.Null(refused.Endpoints);
        }

        Assert.Equal("CN=ees-client", Assert.Single(mutual.Requests).ClientCertificateSubject);
    }
}
