using System.Net;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.TestSupport.Servers;
using Npgsql;
using Xunit;

namespace ExternalEndpointSync.Tests.Health.Probes;

/// <summary>A PostgreSQL server that offers TLS: the handshake check continues over TLS after <c>S</c>.</summary>
public sealed class PostgresTlsProbeTests : IAsyncLifetime
{
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create();
    private PostgresServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await PostgresServer.StartAsync(tlsCertificate: _ca.IssueServerCertificate(["db.test"], [IPAddress.Loopback]));

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _ca.Dispose();
    }

    [Fact]
    public async Task The_server_really_offers_TLS()
    {
        var builder = new NpgsqlConnectionStringBuilder(_server.ConnectionString()) { SslMode = SslMode.Require };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", connection);

        Assert.Equal(true, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_handshake_check_is_up_through_TLS()
    {
        var result = await Probing.RunAsync(_server.Address, _server.Port, Probing.Spec(HealthCheckType.Postgres) with { Postgres = new PostgresProbeSpec { User = "probe" } });

        Assert.True(result.Succeeded, result.Failure);
    }

    [Fact]
    public async Task The_authenticated_check_is_up_through_TLS()
    {
        var spec = Probing.Spec(HealthCheckType.Postgres) with { Postgres = new PostgresProbeSpec { User = "probe", PasswordFile = _server.PasswordFile } };

        var result = await Probing.RunAsync(_server.Address, _server.Port, spec);

        Assert.True(result.Succeeded, result.Failure);
    }
}
