using ExternalEndpointSync.Cli;
using k8s.Models;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary><c>sync --once</c> against the fake API server: what it writes, and that it writes nothing more than needed.</summary>
public sealed class SyncOnceTests : SyncWorldTest
{
    [Fact]
    public async Task First_sync_creates_a_selectorless_service_and_its_slice_and_the_second_makes_zero_writes()
    {
        var config = World.WriteConfig(SyncWorld.StaticService("legacy-api", ["192.0.2.10", "192.0.2.11"], "web"));

        var first = await World.SyncAsync(config);
        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        var service = World.Api.Store.Get<V1Service>("web", "legacy-api");
        Assert.NotNull(service);
        Assert.Null(service.Spec.Selector);
        Assert.Equal("external-endpoint-sync", service.Metadata.Labels["app.kubernetes.io/managed-by"]);
        Assert.Equal("default", service.Metadata.Labels["externalendpoints.io/owner"]);
        var slice = Assert.Single(World.Slices("web", "legacy-api"));
        Assert.Equal(["192.0.2.10", "192.0.2.11"], slice.Endpoints.Select(e => e.Addresses.Single()));
        Assert.Equal(service.Metadata.Uid, Assert.Single(slice.Metadata.OwnerReferences).Uid);
        Assert.Equal(2, World.Api.Writes.Total);
        Assert.Equal(1, World.Api.Writes.Count("create", "services"));
        Assert.Equal(1, World.Api.Writes.Count("create", "endpointslices"));

        World.Api.Writes.Reset();
        var (second, report) = await World.SyncReportAsync(config);

        Assert.True(second.ExitCode == ExitCodes.Success, second.ToString());
        Assert.Equal(0, World.Api.Writes.Total);
        Assert.Equal(new RunCounts(Services: 1, Failed: 0, Created: 0, Updated: 0, Deleted: 0, Unchanged: 2), report.Counts);
    }

    [Fact]
    public async Task Legacy_endpoints_are_capped_at_1000_addresses_and_marked_while_the_slices_carry_all()
    {
        var config = World.WriteConfig(SyncWorld.StaticService("big", SyncWorld.Ipv4Addresses(1200), extra: "    publish: { endpoints: true }\n"));

        var (first, report) = await World.SyncReportAsync(config);
        World.Api.Writes.Reset();
        var second = await World.SyncAsync(config);

        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        Assert.True(second.ExitCode == ExitCodes.Success, second.ToString());
        var endpoints = World.Api.Store.Get<V1Endpoints>("default", "big")!;
        Assert.Equal("truncated", endpoints.Metadata.Annotations["endpoints.kubernetes.io/over-capacity"]);
        Assert.Equal(1000, endpoints.Subsets.Sum(static s => s.Addresses.Count));
        Assert.Equal(1200, World.Slices("default", "big").Sum(static s => s.Endpoints.Count));
        Assert.Contains(report["default/big"].Warnings, w => w.StartsWith("legacy Endpoints truncated to 1000 of 1200 addresses", StringComparison.Ordinal));
        Assert.Equal(0, World.Api.Writes.Total);
    }

    [Fact]
    public async Task Twenty_five_hundred_addresses_make_25_slices_of_100_and_changing_one_makes_exactly_one_write()
    {
        var addresses = SyncWorld.Ipv4Addresses(2500).ToList();
        var config = World.WriteConfig(SyncWorld.StaticService("big", addresses));
        var first = await World.SyncAsync(config);
        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());

        var slices = World.Slices("default", "big");
        Assert.Equal(25, slices.Count);
        Assert.All(slices, s => Assert.Equal(100, s.Endpoints.Count));
        Assert.Equal(2500, slices.SelectMany(s => s.Endpoints).Select(e => e.Addresses.Single()).Distinct().Count());

        addresses[1234] = "203.0.113.77";
        File.WriteAllText(config, File.ReadAllText(World.WriteConfig(SyncWorld.StaticService("big", addresses))));
        World.Api.Writes.Reset();
        var second = await World.SyncAsync(config);

        Assert.True(second.ExitCode == ExitCodes.Success, second.ToString());
        Assert.Equal(1, World.Api.Writes.Total);
        Assert.Equal(1, World.Api.Writes.Count("update", "endpointslices"));
        var all = World.Slices("default", "big").SelectMany(s => s.Endpoints).Select(e => e.Addresses.Single()).ToList();
        Assert.Contains("203.0.113.77", all);
        Assert.Equal(2500, all.Distinct().Count());
    }

    [Fact]
    public async Task Addresses_kubernetes_rejects_are_dropped_with_a_reason_and_the_rest_syncs()
    {
        var config = World.WriteConfig(SyncWorld.StaticService("mixed", ["192.0.2.1", "127.0.0.1", "169.254.1.1", "192.0.2.1"]));

        var run = await World.SyncAsync(config);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(["192.0.2.1"], Assert.Single(World.Slices("default", "mixed")).Endpoints.Select(e => e.Addresses.Single()));
        Assert.Contains("127.0.0.1", run.Output, StringComparison.Ordinal);
        Assert.Contains("169.254.1.1", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Legacy_endpoints_carry_skip_mirror_and_an_unchanged_one_is_never_rewritten()
    {
        var extra = "    publish: { endpoints: true }\n";
        var config = World.WriteConfig(SyncWorld.StaticService("legacy", ["192.0.2.20", "192.0.2.3", "192.0.2.20"], extra: extra));

        var first = await World.SyncAsync(config);
        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        var endpoints = World.Api.Store.Get<V1Endpoints>("default", "legacy");
        Assert.NotNull(endpoints);
        Assert.Equal("true", endpoints.Metadata.Labels["endpointslice.kubernetes.io/skip-mirror"]);
        Assert.Equal(["192.0.2.20", "192.0.2.3"], Assert.Single(endpoints.Subsets).Addresses.Select(a => a.Ip).Order(StringComparer.Ordinal));

        await AssertSecondSyncWritesNothingAsync(config);
    }

    [Fact]
    public async Task Headless_and_external_name_services_are_written_as_such()
    {
        var config = World.WriteConfig(
            SyncWorld.StaticService("replicas", ["192.0.2.5"], extra: "    type: Headless\n") +
            "  - name: docs\n    type: ExternalName\n    externalName: docs.example.com\n");

        var run = await World.SyncAsync(config);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("None", World.Api.Store.Get<V1Service>("default", "replicas")!.Spec.ClusterIP);
        var docs = World.Api.Store.Get<V1Service>("default", "docs")!;
        Assert.Equal("ExternalName", docs.Spec.Type);
        Assert.Equal("docs.example.com", docs.Spec.ExternalName);
        Assert.Empty(World.Slices("default", "docs"));
    }

    [Fact]
    public async Task Changing_the_type_replaces_the_service_and_converges()
    {
        var clusterIp = World.WriteConfig(SyncWorld.StaticService("switch", ["192.0.2.8"]));
        Assert.Equal(ExitCodes.Success, (await World.SyncAsync(clusterIp)).ExitCode);
        var headless = World.WriteConfig(SyncWorld.StaticService("switch", ["192.0.2.8"], extra: "    type: Headless\n"));

        var change = await World.SyncAsync(headless);

        Assert.True(change.ExitCode == ExitCodes.Success, change.ToString());
        var service = World.Api.Store.Get<V1Service>("default", "switch")!;
        Assert.Equal("None", service.Spec.ClusterIP);
        var slice = Assert.Single(World.Slices("default", "switch"));
        Assert.Equal(service.Metadata.Uid, Assert.Single(slice.Metadata.OwnerReferences).Uid);
        await AssertSecondSyncWritesNothingAsync(headless);
    }

    [Fact]
    public async Task A_service_with_nothing_to_publish_keeps_one_placeholder_slice_and_a_second_sync_writes_nothing()
    {
        var config = World.WriteConfig(SyncWorld.StaticService("nothing", ["127.0.0.1"]));

        var first = await World.SyncAsync(config);
        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        var placeholder = Assert.Single(World.Slices("default", "nothing"));
        Assert.Empty(placeholder.Endpoints ?? []);

        await AssertSecondSyncWritesNothingAsync(config);
    }

    [Fact]
    public async Task The_cluster_is_read_with_one_list_per_kind_and_never_an_object_at_a_time()
    {
        var services = string.Concat(Enumerable.Range(0, 30).Select(i => SyncWorld.StaticService($"svc-{i}", [$"192.0.2.{i + 1}"], extra: "    publish: { endpoints: true }\n")));
        var config = World.WriteConfig(services);
        Assert.Equal(ExitCodes.Success, (await World.SyncAsync(config)).ExitCode);
        World.Api.Requests.Reset();

        var run = await World.SyncAsync(config);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(3, World.Api.Requests.Lists);
        Assert.Equal(1, World.Api.Requests.Count("list", "services"));
        Assert.Equal(1, World.Api.Requests.Count("list", "endpointslices"));
        Assert.Equal(1, World.Api.Requests.Count("list", "endpoints"));
        Assert.Equal(0, World.Api.Requests.Gets);
        Assert.Equal(3, World.Api.Requests.Total);
    }

    private async Task AssertSecondSyncWritesNothingAsync(string config)
    {
        World.Api.Writes.Reset();
        var second = await World.SyncAsync(config);
        Assert.True(second.ExitCode == ExitCodes.Success, second.ToString());
        Assert.Equal(0, World.Api.Writes.Total);
    }
}
