using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.Sources.Consul;
using ExternalEndpointSync.TestSupport.Consul;
using Xunit;

namespace ExternalEndpointSync.Tests.Sources.Consul;

/// <summary>
/// Token, CA and client certificate files are read when a request needs them: one that is missing,
/// unreadable or garbage fails the Consul reads with a one-line configuration error, and nothing throws.
/// </summary>
public sealed class ConsulFileTests() : TokenProtectedConsulTest(Token, "ees-consul-files-")
{
    private const string Token = "file-test-token";

    [Fact]
    public async Task A_token_file_that_disappears_later_fails_the_read_with_a_one_line_reason_and_keeps_the_last_good_answer()
    {
        var tokenFile = Path.Combine(Folder, "token");
        await File.WriteAllTextAsync(tokenFile, Token);
        var (source, client) = ConsulTestKit.CreateSource(ConsulTestKit.Settings(Consul) with { TokenFile = tokenFile });
        await using var _ = source;
        using var __ = client;
        var good = await source.ResolveAsync(Registration, ConsulTestKit.Timeout());

        File.Delete(tokenFile);
        var failed = await source.ResolveAsync(Registration, ConsulTestKit.Timeout());

        Assert.Null(good.Error);
        Assert.Equal(good.Endpoints!, failed.Endpoints!);
        Assert.True(failed.IsConfigurationError);
        Assert.Equal($"consul.tokenFile: cannot read token file \"{tokenFile}\": the file does not exist", failed.Error);
    }

    [Fact]
    public async Task A_token_file_that_is_a_directory_or_holds_a_token_no_header_can_carry_is_named_with_the_reason()
    {
        var directory = Path.Combine(Folder, "token-dir");
        Directory.CreateDirectory(directory);
        var nonAscii = Path.Combine(Folder, "token-utf8");
        await File.WriteAllTextAsync(nonAscii, "tökén");

        var asDirectory = await ResolveOnceAsync(ConsulTestKit.Settings(Consul) with { TokenFile = directory });
        var unsendable = await ResolveOnceAsync(ConsulTestKit.Settings(Consul) with { TokenFile = nonAscii });

        Assert.Equal($"consul.tokenFile: cannot read token file \"{directory}\": it is a directory, not a file", asDirectory.Error);
        Assert.Equal($"consul.tokenFile: token file \"{nonAscii}\" must hold one token of printable ASCII characters, but has byte 0xC3 at offset 1", unsendable.Error);
        Assert.All([asDirectory, unsendable], r => Assert.True(r.IsConfigurationError));
        Assert.Empty(Consul.Requests);
    }

    [Fact]
    public async Task A_missing_or_garbage_ca_file_or_client_certificate_fails_the_read_instead_of_the_client_construction()
    {
        var garbage = Path.Combine(Folder, "garbage.pem");
        await File.WriteAllTextAsync(garbage, "-----BEGIN CERTIFICATE-----\nAAECAwQFBgcI\n-----END CERTIFICATE-----\n");
        var empty = Path.Combine(Folder, "empty.pem");
        await File.WriteAllTextAsync(empty, "nothing in PEM form here\n");
        var missing = Path.Combine(Folder, "missing.pem");
        var tokenFile = Path.Combine(Folder, "token");
        await File.WriteAllTextAsync(tokenFile, Token);
        var settings = ConsulTestKit.Settings(Consul) with { TokenFile = tokenFile };

        var results = new[]
        {
            await ResolveOnceAsync(settings with { CaFile = missing }),
            await ResolveOnceAsync(settings with { CaFile = garbage }),
            await ResolveOnceAsync(settings with { CaFile = empty }),
            await ResolveOnceAsync(settings with { ClientCertificateFile = garbage, ClientKeyFile = garbage }),
            await ResolveOnceAsync(settings with { ClientCertificateFile = garbage, ClientKeyFile = missing }),
        };

        Assert.Equal($"consul.caFile: cannot read \"{missing}\": the file does not exist", results[0].Error);
        Assert.StartsWith($"consul.caFile: CA file \"{garbage}\" is not a PEM certificate bundle: ", results[1].Error, StringComparison.Ordinal);
        Assert.Equal($"consul.caFile: CA file \"{empty}\" holds no PEM certificate (-----BEGIN CERTIFICATE-----)", results[2].Error);
        Assert.StartsWith($"consul.clientKeyFile: client key file \"{garbage}\" is not usable with {garbage}: ", results[3].Error, StringComparison.Ordinal);
        Assert.Equal($"consul.clientKeyFile: cannot read \"{missing}\": the file does not exist", results[4].Error);
        Assert.All(results, r =>
        {
            Assert.True(r.IsConfigurationError);
            Assert.Null(r.Endpoints);
            Assert.DoesNotContain('\n', r.Error!);
            Assert.DoesNotContain("inner exception", r.Error!, StringComparison.Ordinal);
        });
        Assert.Empty(Consul.Requests);
    }

    private async Task<SourceResult> ResolveOnceAsync(ConsulSettings settings)
    {
        var (source, client) = ConsulTestKit.CreateSource(settings);
        await using var _ = source;
        using var __ = client;
        return await source.ResolveAsync(Registration, ConsulTestKit.Timeout());
    }
}
