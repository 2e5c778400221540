using System.Net;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.TestSupport.Servers;
using Xunit;

namespace ExternalEndpointSync.Tests.Health.Probes;

public sealed class PostgresProbeTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ees-pgprobe-");

    public void Dispose() => _directory.Delete(recursive: true);

    private static HealthCheckSpec Postgres(string user = "probe", string? passwordFile = null, string database = "postgres") =>
        Probing.Spec(HealthCheckType.Postgres) with { Postgres = new PostgresProbeSpec { User = user, PasswordFile = passwordFile, Database = database } };

    [Fact]
    public async Task A_running_server_is_up_at_protocol_level_without_credentials()
    {
        var result = await Probing.RunAsync(postgres.Server.Address, postgres.Server.Port, Postgres());

        Assert.True(result.Succeeded, result.Failure);
    }

    [Fact]
    public async Task An_unknown_user_or_database_still_shows_the_server_is_up()
    {
        var result = await Probing.RunAsync(postgres.Server.Address, postgres.Server.Port, Postgres(user: "nobody-here", database: "nothing"));

        Assert.True(result.Succeeded, result.Failure);
    }

    [Fact]
    public async Task No_server_is_down()
    {
        var result = await Probing.RunAsync(IPAddress.Loopback, Ports.FreeOn(IPAddress.Loopback), Postgres());

        Assert.False(result.Succeeded);
        Assert.Contains("ConnectionRefused", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_is_not_PostgreSQL_is_down()
    {
        await using var http = await HttpTestServer.StartAsync();

        var result = await Probing.RunAsync(http.Address, http.Port, Postgres());

        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task The_right_password_logs_in_and_runs_SELECT_1()
    {
        var result = await Probing.RunAsync(postgres.Server.Address, postgres.Server.Port, Postgres(passwordFile: postgres.Server.PasswordFile));

        Assert.True(result.Succeeded, result.Failure);
    }

    [Fact]
    public async Task A_wrong_password_is_down_with_the_SQLSTATE()
    {
        var wrong = Path.Combine(_directory.FullName, "wrong");
        await File.WriteAllTextAsync(wrong, "not-the-password\n");

        var result = await Probing.RunAsync(postgres.Server.Address, postgres.Server.Port, Postgres(passwordFile: wrong));

        Assert.False(result.Succeeded);
        Assert.StartsWith("28P01", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_password_file_is_down_and_names_the_file()
    {
        var missing = Path.Combine(_directory.FullName, "missing");

        var result = await Probing.RunAsync(postgres.Server.Address, postgres.Server.Port, Postgres(passwordFile: missing));

        Assert.False(result.Succeeded);
        Assert.Contains(missing, result.Failure, StringComparison.Ordinal);
    }
}
