using ExternalEndpointSync.Cli;
using ExternalEndpointSync.TestSupport.Consul;
using ExternalEndpointSync.TestSupport.Dns;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s.Models;

namespace ExternalEndpointSync.Tests.EndToEnd.Sources;

/// <summary><c>sync --once</c> with Consul sources read from the Consul double over real HTTP.</summary>
public sealed class ConsulSyncOnceTests : IAsyncLifetime
{
    private const string Token = "e2e-right-token";

    // The hostname test publishes a dual-stack address set, served in full only by a dual-stack cluster.
    private readonly SyncWorld world = new(SyncWorld.WithRbac with { DualStack = true });
    private readonly string tokenDirectory = Directory.CreateTempSubdirectory("ees-consul-token-").FullName;
    private ConsulDouble consul = null!;

    public async Task InitializeAsync()
    {
        await world.InitializeAsync();
        consul = await ConsulDouble.StartAsync(new ConsulDoubleOptions { RequiredToken = Token });
    }

    public async Task DisposeAsync()
    {
        await consul.DisposeAsync();
        await world.DisposeAsync();
        Directory.Delete(tokenDirectory, recursive: true);
    }

    [Fact]
    public async Task Instances_are_published_with_their_own_ports_filtered_by_tags_and_mapped_from_consul_health()
    {
        consul.Register(
            "redis",
            Instance("r1", "192.0.2.1", 6379, "passing", "primary"),
            Instance("r2", "192.0.2.2", 6380, "warning", "primary"),
            Instance("r3", "192.0.2.3", 6379, "critical", "primary"),
            Instance("r4", "192.0.2.4", 6379, "passing", "replica"));
        var config = WriteConfig(
            ConsulService("all", "redis") +
            ConsulService("primary", "redis", "tags: [ primary ]") +
            ConsulService("passing", "redis", "tags: [ primary ], onlyPassing: true"));

        var run = await world.SyncAsync(config);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(
            ["192.0.2.1:6379 ready", "192.0.2.2:6380 ready", "192.0.2.3:6379 not-ready", "192.0.2.4:6379 ready"],
            Published("all"));
        Assert.Equal(["192.0.2.1:6379 ready", "192.0.2.2:6380 ready", "192.0.2.3:6379 not-ready"], Published("primary"));
        Assert.Equal(["192.0.2.1:6379 ready"], Published("passing"));
        Assert.Equal(2, world.Slices("default", "all").Count);
        Assert.Equal(6379, Assert.Single(world.Api.Store.Get<V1Service>("default", "all")!.Spec.Ports).Port);
        Assert.All(consul.Requests, static r => Assert.Equal(Token, r.Token));
    }

    [Fact]
    public async Task A_rejected_token_fails_the_consul_service_with_a_configuration_error_and_the_others_sync()
    {
        consul.Register("redis", Instance("r1", "192.0.2.1", 6379, "passing"));
        var config = WriteConfig(
            ConsulService("cache", "redis") + SyncWorld.StaticService("plain", ["192.0.2.50"]),
            token: "e2e-wrong-token");

        var run = await world.SyncAsync(config);

        Assert.True(run.ExitCode == ExitCodes.PartialFailure, run.ToString());
        Assert.Matches(@"default/cache\s+ClusterIP\s+failed", run.Output);
        Assert.Contains("error: configuration error:", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("e2e-wrong-token", run.Output + run.Error, StringComparison.Ordinal);
        Assert.Empty(world.Slices("default", "cache"));
        Assert.Single(world.Slices("default", "plain"));
        Assert.Contains(consul.Requests, static r => r.StatusCode == 403);
    }

    [Fact]
    public async Task Consul_down_fails_its_service_and_leaves_what_was_published_while_the_others_sync()
    {
        consul.Register("redis", Instance("r1", "192.0.2.1", 6379, "passing"), Instance("r2", "192.0.2.2", 6379, "passing"));
        var first = await world.SyncAsync(WriteConfig(ConsulService("cache", "redis")));
        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        var before = Assert.Single(world.Slices("default", "cache"));
        await consul.StopAsync();
        var config = WriteConfig(ConsulService("cache", "redis") + SyncWorld.StaticService("plain", ["192.0.2.50"]));
        world.Api.Writes.Reset();

        var run = await world.SyncAsync(config);

        Assert.True(run.ExitCode == ExitCodes.PartialFailure, run.ToString());
        Assert.Matches(@"default/cache\s+ClusterIP\s+failed", run.Output);
        Assert.Contains("unreachable", run.Output, StringComparison.Ordinal);
        var after = Assert.Single(world.Slices("default", "cache"));
        Assert.Equal(before.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
        Assert.Equal(2, after.Endpoints.Count);
        Assert.NotNull(world.Api.Store.Get<V1Service>("default", "cache"));
        Assert.Single(world.Slices("default", "plain"));
        Assert.Equal(0, world.Api.Writes.Deletes);
        Assert.Equal(0, world.Api.Writes.Updates + world.Api.Writes.Patches);
    }

    [Fact]
    public async Task An_instance_address_that_is_a_hostname_is_resolved_through_the_configured_name_servers()
    {
        await using var dns = await DnsmasqServer.StartAsync(DnsWorld.Records()
            .Host("db1.e2e.test", 30, "192.0.2.71")
            .Host("db2.e2e.test", 30, "192.0.2.72", "2001:db8::72"));
        consul.Register("pg", Instance("p1", "db1.e2e.test", 5432, "passing"), Instance("p2", "db2.e2e.test", 5433, "passing"));
        var config = WriteConfig(ConsulService("pg", "pg"), moreConsulSettings: $", nameservers: [ \"{dns.Nameserver}\" ]");

        var run = await world.SyncAsync(config);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(["192.0.2.71:5432 ready", "192.0.2.72:5433 ready", "2001:db8::72:5433 ready"], Published("pg"));
        Assert.Equal(1, await dns.CountQueriesAsync("db1.e2e.test", "A"));
    }

    [Fact]
    public async Task An_instance_hostname_that_times_out_against_the_name_servers_leaves_the_published_slice_and_names_the_failure()
    {
        await using var dns = await DnsmasqServer.StartAsync(DnsWorld.Records().Host("db1.e2e.test", 30, "192.0.2.71"));
        consul.Register("pg", Instance("p1", "db1.e2e.test", 5432, "passing"));
        var config = WriteConfig(ConsulService("pg", "pg") + SyncWorld.StaticService("plain", ["192.0.2.50"]), moreConsulSettings: $", nameservers: [ \"{dns.Nameserver}\" ]");
        var first = await world.SyncAsync(config);
        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        var before = Assert.Single(world.Slices("default", "pg"));
        world.Api.Writes.Reset();

        dns.Suspend();
        CliRun run;
        try
        {
            run = await world.SyncAsync(config);
        }
        finally
        {
            dns.Resume();
        }

        Assert.True(run.ExitCode == ExitCodes.PartialFailure, run.ToString());
        Assert.Matches(@"default/pg\s+ClusterIP\s+failed", run.Output);
        Assert.Contains("db1.e2e.test did not resolve", run.Output, StringComparison.Ordinal);
        var after = Assert.Single(world.Slices("default", "pg"));
        Assert.Equal(before.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
        Assert.Equal("192.0.2.71", Assert.Single(after.Endpoints).Addresses.Single());
        Assert.Single(world.Slices("default", "plain"));
        Assert.True(world.Api.Writes.ToString() == "create events=1 (total 1)", $"only the SourceFailed Event: {world.Api.Writes}");
    }

    [Fact]
    public async Task An_instance_without_any_address_leaves_the_published_slice_and_names_the_instance()
    {
        consul.Register("redis", Instance("r1", "192.0.2.1", 6379, "passing"), Instance("r2", "192.0.2.2", 6379, "passing"));
        var config = WriteConfig(ConsulService("cache", "redis"));
        var first = await world.SyncAsync(config);
        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        world.Api.Writes.Reset();

        consul.Register("redis", Instance("r1", "192.0.2.1", 6379, "passing"), Instance("r2", "", 6379, "passing") with { NodeAddress = "" });
        var run = await world.SyncAsync(config);

        Assert.True(run.ExitCode == ExitCodes.PartialFailure, run.ToString());
        Assert.Contains("instance r2", run.Output, StringComparison.Ordinal);
        Assert.Contains("has no address", run.Output, StringComparison.Ordinal);
        Assert.Equal(["192.0.2.1:6379 ready", "192.0.2.2:6379 ready"], Published("cache"));
        Assert.True(world.Api.Writes.ToString() == "create events=1 (total 1)", $"only the SourceFailed Event: {world.Api.Writes}");
    }

    private static ConsulDoubleInstance Instance(string id, string address, int port, string status, params string[] tags) =>
        new() { Id = id, Address = address, Port = port, Status = status, Tags = tags };

    private static string ConsulService(string name, string consulService, string options = "") =>
        $"  - name: {name}\n    ports: [ {{ name: redis, port: 6379 }} ]\n    source:\n" +
        $"      consul: {{ service: {consulService}{(options.Length > 0 ? ", " + options : "")} }}\n";

    private string WriteConfig(string services, string token = Token, string moreConsulSettings = "")
    {
        var tokenFile = Path.Combine(tokenDirectory, $"token-{Guid.NewGuid():N}");
        File.WriteAllText(tokenFile, token + "\n");
        return world.WriteConfig(services, $"consul: {{ address: \"{consul.Address}\", tokenFile: \"{tokenFile}\"{moreConsulSettings} }}\n");
    }

    /// <summary>Every endpoint of a service as <c>address:port ready|not-ready</c>, sorted.</summary>
    private List<string> Published(string service) =>
        [.. world.Slices("default", service)
            .SelectMany(static s => s.Endpoints.Select(e => $"{e.Addresses.Single()}:{s.Ports.Single().Port} {(e.Conditions.Ready == true ? "ready" : "not-ready")}"))
            .Order(StringComparer.Ordinal)];
}
