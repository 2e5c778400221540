using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ExternalEndpointSync.Registrations.ConfigFile;
using ExternalEndpointSync.Sources.Consul;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations.ConfigFile;

/// <summary>Loading a file reads the files of its consul section once and reports each bad one at the field that names it.</summary>
public sealed class ConsulFilesTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ees-consul-files-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData("missing", "cannot read token file", "the file does not exist")]
    [InlineData("directory", "cannot read token file", "it is a directory, not a file")]
    [InlineData("empty", "is empty", "remove tokenFile to use tokenEnv")]
    [InlineData("not-ascii", "printable ASCII", "byte 0xE9 at offset 3")]
    [InlineData("huge", "cannot read token file", "larger than 4096 bytes (MaxTokenFileBytes)")]
    public async Task A_bad_token_file_is_an_error_at_consul_tokenFile(string kind, string message, string detail)
    {
        var token = Path.Combine(directory, "token");
        switch (kind)
        {
            case "directory": Directory.CreateDirectory(token); break;
            case "empty": await File.WriteAllTextAsync(token, " \n"); break;
            case "not-ascii": await File.WriteAllBytesAsync(token, [(byte)'a', (byte)'b', (byte)'c', 0xE9]); break;
            case "huge": await File.WriteAllTextAsync(token, new string('a', 5000)); break;
        }

        var result = await LoadAsync($"tokenFile: \"{token}\"");

        var error = ConfigTestFiles.SingleError(result, "consul.tokenFile", 4, message);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
        Assert.Contains(token, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing", "the file does not exist")]
    [InlineData("garbage", "holds no PEM certificate")]
    [InlineData("broken-pem", "is not a PEM certificate bundle")]
    public async Task A_bad_ca_file_is_an_error_at_consul_caFile(string kind, string message)
    {
        var ca = Path.Combine(directory, "ca.pem");
        if (kind == "garbage")
        {
            await File.WriteAllTextAsync(ca, "this is not a certificate\n");
        }
        else if (kind == "broken-pem")
        {
            await File.WriteAllTextAsync(ca, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        }

        var result = await LoadAsync($"caFile: \"{ca}\"");

        var error = ConfigTestFiles.SingleError(result, "consul.caFile", 4, message);
        Assert.DoesNotContain("inner exception", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_garbage_client_key_is_an_error_at_consul_clientKeyFile()
    {
        var (certificate, _) = await WriteCertificateAsync();
        var key = Path.Combine(directory, "key.pem");
        await File.WriteAllTextAsync(key, "garbage\n");

        var result = await LoadAsync($"clientCertFile: \"{certificate}\"\n  clientKeyFile: \"{key}\"");

        ConfigTestFiles.SingleError(result, "consul.clientKeyFile", 5, "is not usable with");
    }

    [Fact]
    public async Task A_garbage_client_certificate_is_an_error_at_consul_clientCertFile()
    {
        var (_, key) = await WriteCertificateAsync();
        var certificate = Path.Combine(directory, "garbage-cert.pem");
        await File.WriteAllTextAsync(certificate, "garbage\n");

        var result = await LoadAsync($"clientCertFile: \"{certificate}\"\n  clientKeyFile: \"{key}\"");

        ConfigTestFiles.SingleError(result, "consul.clientCertFile", 4, "is not usable with");
    }

    [Fact]
    public async Task Good_files_are_valid_are_what_the_client_reads_and_the_secrets_never_print()
    {
        var (certificate, key) = await WriteCertificateAsync();
        var token = Path.Combine(directory, "token");
        await File.WriteAllTextAsync(token, "b1gs3cr3t-token\n");

        var result = await LoadAsync($"tokenFile: \"{token}\"\n  caFile: \"{certificate}\"\n  clientCertFile: \"{certificate}\"\n  clientKeyFile: \"{key}\"");

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        var settings = result.Config!.Consul!;
        Assert.Equal("b1gs3cr3t-token", ConsulToken.Read(settings));
        using var authority = Assert.Single(ConsulFileReader.ReadAuthorities(settings.CaFile!));
        Assert.Equal("CN=test", authority.Subject);
        using var client = ConsulFileReader.ReadClientCertificate(settings.ClientCertificateFile!, settings.ClientKeyFile!);
        Assert.True(client.HasPrivateKey);
        var printed = settings.ToString();
        Assert.DoesNotContain("b1gs3cr3t", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_consul_service_the_files_are_not_read()
    {
        var result = await LoadAsync($"tokenFile: \"{Path.Combine(directory, "missing")}\"", "services: []\n");

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
    }

    [Fact]
    public void Configuration_text_alone_reads_no_files()
    {
        var result = ConfigTestFiles.LoadBody("consul: { tokenFile: /does/not/exist }\nservices:\n  - name: cache\n    ports: [ { port: 6379 } ]\n    source: { consul: { service: redis } }\n");

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
    }

    private const string ConsulService = "services:\n  - name: cache\n    ports: [ { port: 6379 } ]\n    source: { consul: { service: redis } }\n";

    private async Task<ConfigLoadResult> LoadAsync(string consulSettings, string services = ConsulService)
    {
        var path = Path.Combine(directory, "config.yaml");
        await File.WriteAllTextAsync(path, $"{ConfigTestFiles.Header}consul:\n  {consulSettings}\n{services}");
        return await ConfigLoader.LoadFileAsync(path, CancellationToken.None);
    }

    private async Task<(string Certificate, string Key)> WriteCertificateAsync()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certificatePath = Path.Combine(directory, "cert.pem");
        var keyPath = Path.Combine(directory, "key-good.pem");
        await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, rsa.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }
}
