using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.ConfigFile;
using ExternalEndpointSync.Sources.Consul;
using ExternalEndpointSync.Tests.Registrations;
using Xunit;

namespace ExternalEndpointSync.Tests.Sources.Consul;

/// <summary>
/// <c>validate</c> at load and the Consul client at run time read the <c>consul:</c> files with one
/// reader, so a bad file gets the same reason from both: at the field's path and line, and as the
/// one-line error of the Consul services.
/// </summary>
public sealed class ConsulFileReaderTests : IDisposable
{
    private const string ConsulService = "services:\n  - name: cache\n    ports: [ { port: 6379 } ]\n    source: { consul: { service: redis } }\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("ees-consul-reader-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("missing", "tokenFile", 4, "the file does not exist")]
    [InlineData("directory", "tokenFile", 4, "it is a directory, not a file")]
    [InlineData("empty-token", "tokenFile", 4, "is empty")]
    [InlineData("non-ascii-token", "tokenFile", 4, "byte 0xC3 at offset 1")]
    [InlineData("garbage-ca", "caFile", 4, "is not a PEM certificate bundle")]
    [InlineData("ca-without-certificate", "caFile", 4, "holds no PEM certificate")]
    [InlineData("mismatched-key", "clientKeyFile", 5, "is not usable with")]
    public async Task Load_and_run_time_give_the_same_reason_for_the_same_bad_file(string kind, string setting, int line, string problem)
    {
        var (consulSection, settings) = await WriteAsync(kind);
        var path = Path.Combine(_directory, "config.yaml");
        await File.WriteAllTextAsync(path, $"{ConfigTestFiles.Header}consul:\n{consulSection}{ConsulService}");

        var loaded = await ConfigLoader.LoadFileAsync(path, CancellationToken.None);
        var atRunTime = Assert.Throws<ConsulFileException>(() => RunTimeRead(settings));

        var atLoad = ConfigTestFiles.SingleError(loaded, $"consul.{setting}", line, problem);
        Assert.Equal(setting, atRunTime.Setting);
        Assert.Equal(atLoad.Message, atRunTime.Reason);
        Assert.Equal($"consul.{setting}: {atLoad.Message}", atRunTime.Message);
        Assert.DoesNotContain('\n', atRunTime.Message);
    }

    private static void RunTimeRead(ConsulSettings settings)
    {
        ConsulToken.Read(settings, _ => null);
        ConsulHttpHandler.Create(settings).Dispose();
    }

    private async Task<(string ConsulSection, ConsulSettings Settings)> WriteAsync(string kind)
    {
        var file = Path.Combine(_directory, kind);
        switch (kind)
        {
            case "directory": Directory.CreateDirectory(file); break;
            case "empty-token": await File.WriteAllTextAsync(file, " \n"); break;
            case "non-ascii-token": await File.WriteAllTextAsync(file, "tökén"); break;
            case "garbage-ca": await File.WriteAllTextAsync(file, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"); break;
            case "ca-without-certificate":
                using (var rsa = RSA.Create(2048))
                {
                    await File.WriteAllTextAsync(file, rsa.ExportPkcs8PrivateKeyPem());
                }

                break;
        }

        if (kind is "garbage-ca" or "ca-without-certificate")
        {
            return ($"  caFile: \"{file}\"\n", new ConsulSettings { CaFile = file });
        }

        if (kind == "mismatched-key")
        {
            var (certificate, key) = await WriteMismatchedPairAsync();
            return ($"  clientCertFile: \"{certificate}\"\n  clientKeyFile: \"{key}\"\n", new ConsulSettings { ClientCertificateFile = certificate, ClientKeyFile = key });
        }

        return ($"  tokenFile: \"{file}\"\n", new ConsulSettings { TokenFile = file });
    }

    private async Task<(string Certificate, string Key)> WriteMismatchedPairAsync()
    {
        using var rsa = RSA.Create(2048);
        using var other = RSA.Create(2048);
        var request = new CertificateRequest("CN=test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certificatePath = Path.Combine(_directory, "cert.pem");
        var keyPath = Path.Combine(_directory, "other-key.pem");
        await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, other.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }
}
