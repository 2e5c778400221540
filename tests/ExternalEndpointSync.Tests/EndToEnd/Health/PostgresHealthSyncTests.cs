using ExternalEndpointSync.Cli;
using static ExternalEndpointSync.Tests.EndToEnd.Health.HealthCheckedService;

namespace ExternalEndpointSync.Tests.EndToEnd.Health;

/// <summary>
/// <c>sync --once</c> with PostgreSQL health checks against real servers on test hosts, through
/// the fake API server: what each probe verdict publishes, and that a verdict change costs one write.
/// </summary>
[Collection(HealthTestHosts.Collection)]
public sealed class PostgresHealthSyncTests(HealthTestHosts hosts) : IAsyncLifetime
{
    private readonly SyncWorld world = new();

    private string PrimaryAddress => hosts.PrimaryHost.Address.ToString();

    private string ReplicaAddress => hosts.ReplicaHost.Address.ToString();

    private string EmptyAddress => hosts.EmptyHost.Address.ToString();

    public Task InitializeAsync() => world.InitializeAsync();

    public Task DisposeAsync() => world.DisposeAsync();

    [Fact]
    public async Task Stopping_and_starting_PostgreSQL_flips_its_endpoint_with_one_slice_update_each_way()
    {
        await hosts.Primary.StartAgainAsync();
        var login = $"{{ type: postgres, postgres: {{ user: {hosts.Primary.User}, database: postgres, passwordFile: {hosts.Primary.PasswordFile} }} }}";
        var config = world.WriteConfig(Entry("orders-db", [hosts.PrimaryHost.Address, hosts.ReplicaHost.Address], HealthTestHosts.PostgresPort, login));

        var first = await SyncAsync(config);
        Assert.Equal("create endpointslices=1, create services=1 (total 2)", world.Api.Writes.ToString());
        Assert.Equal(Up, Conditions(world, "orders-db")[PrimaryAddress]);
        Assert.Equal(Up, Conditions(world, "orders-db")[ReplicaAddress]);

        await hosts.Primary.StopAsync();
        var down = await SyncAsync(config);
        // The slice and the AddressUnhealthy Event.
        Assert.Equal("create events=1, update endpointslices=1 (total 2)", world.Api.Writes.ToString());
        Assert.Equal(Down, Conditions(world, "orders-db")[PrimaryAddress]);
        Assert.Equal(Up, Conditions(world, "orders-db")[ReplicaAddress]);
        Assert.Contains($"unhealthy: {PrimaryAddress}: connect failed: ConnectionRefused", down.Output, StringComparison.Ordinal);
        Assert.Contains("health: 1 healthy, 1 unhealthy, 0 not probed yet", down.Output, StringComparison.Ordinal);

        await hosts.Primary.StartAgainAsync();
        var up = await SyncAsync(config);
        Assert.Equal("update endpointslices=1 (total 1)", world.Api.Writes.ToString());
        Assert.Equal(Up, Conditions(world, "orders-db")[PrimaryAddress]);
        Assert.Equal(Up, Conditions(world, "orders-db")[ReplicaAddress]);
        Assert.DoesNotContain("unhealthy:", up.Output, StringComparison.Ordinal);
        Assert.Contains("health: 2 healthy, 0 unhealthy", up.Output, StringComparison.Ordinal);

        await SyncAsync(config);
        Assert.Equal("none", world.Api.Writes.ToString());
    }

    [Fact]
    public async Task Unhealthy_remove_drops_the_stopped_server_from_the_slice_with_one_update()
    {
        await hosts.Primary.StartAgainAsync();
        var config = world.WriteConfig(Entry("orders-db", [hosts.PrimaryHost.Address, hosts.ReplicaHost.Address], HealthTestHosts.PostgresPort, "{ type: postgres, unhealthy: remove }"));
        await SyncAsync(config);
        Assert.Equal(new[] { PrimaryAddress, ReplicaAddress }.Order(StringComparer.Ordinal), Conditions(world, "orders-db").Keys.Order(StringComparer.Ordinal));

        await hosts.Primary.StopAsync();
        var down = await SyncAsync(config);

        // The slice and the AddressUnhealthy Event.
        Assert.Equal("create events=1, update endpointslices=1 (total 2)", world.Api.Writes.ToString());
        Assert.Equal([ReplicaAddress], Conditions(world, "orders-db").Keys);
        Assert.Equal(Up, Conditions(world, "orders-db")[ReplicaAddress]);
        Assert.Contains($"unhealthy: {PrimaryAddress}: connect failed: ConnectionRefused", down.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ type: postgres }", true)]
    [InlineData("{ type: postgres, panic: false }", false)]
    public async Task When_every_address_is_down_the_panic_rule_decides_whether_all_are_published_ready(string healthCheck, bool panic)
    {
        await hosts.Primary.StopAsync();
        var config = world.WriteConfig(Entry("orders-db", [hosts.PrimaryHost.Address, hosts.EmptyHost.Address], HealthTestHosts.PostgresPort, healthCheck));

        var (_, report) = await world.SyncReportAsync(config);

        var published = panic ? Up : Down;
        Assert.Equal(published, Conditions(world, "orders-db")[PrimaryAddress]);
        Assert.Equal(published, Conditions(world, "orders-db")[EmptyAddress]);
        Assert.Equal(panic, report["payments/orders-db"].Warnings.Contains("every address is unhealthy: all are published ready (panic rule)"));
    }

    [Fact]
    public async Task Legacy_endpoints_list_the_unhealthy_address_under_not_ready_addresses()
    {
        var config = world.WriteConfig(Entry(
            "orders-db", [hosts.EmptyHost.Address, hosts.ReplicaHost.Address], HealthTestHosts.PostgresPort, "{ type: postgres }", "    publish: { endpoints: true }\n"));

        await SyncAsync(config);

        var subset = Assert.Single(Endpoints(world, "orders-db")!.Subsets);
        Assert.Equal([ReplicaAddress], subset.Addresses.Select(static a => a.Ip));
        Assert.Equal([EmptyAddress], subset.NotReadyAddresses.Select(static a => a.Ip));
        Assert.Equal(HealthTestHosts.PostgresPort, Assert.Single(subset.Ports).Port);
        Assert.Equal(Down, Conditions(world, "orders-db")[EmptyAddress]);
    }

    [Fact]
    public async Task The_table_report_shows_the_unhealthy_address_and_why()
    {
        var config = world.WriteConfig(Entry("orders-db", [hosts.EmptyHost.Address, hosts.ReplicaHost.Address], HealthTestHosts.PostgresPort, "{ type: postgres }"));

        var run = await SyncAsync(config, "--output", "table");

        var row = run.Output.Split('\n').Single(static line => line.StartsWith("payments/orders-db ", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["payments/orders-db", "ClusterIP", "synced", "1", "1"], row[..5]);
        Assert.Contains($"    unhealthy: {EmptyAddress}: connect failed: ConnectionRefused\n", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(ReplicaAddress, run.Output, StringComparison.Ordinal);
    }

    /// <summary>Runs <c>sync --once</c>, expects success, and counts only the writes of this run.</summary>
    private async Task<CliRun> SyncAsync(string config, params string[] extraArgs)
    {
        world.Api.Writes.Reset();
        var run = await world.SyncAsync(config, extraArgs);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        return run;
    }
}
