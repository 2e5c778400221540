using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.Resources;
using ExternalEndpointSync.Tests.EndToEnd.Sources;
using ExternalEndpointSync.Tests.Registrations.Resources;
using ExternalEndpointSync.Tests.Worker;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>
/// The <c>run</c> worker with ExternalServices turned on, against the fake with RBAC on (the worker
/// overlay and the crd overlay's rights) and a real dnsmasq: an app team's object in team-a becomes a
/// Service with slices in team-a, owned by it, with its status written only when it changes; it follows
/// DNS, and its objects go with it, through the worker or, with the worker down, the garbage collector.
/// The admin's file wins a conflict, and a foreign Service is never touched. An invalid edit never
/// unpublishes: the last valid generation stays served, and after a restart what was published is left untouched.
/// </summary>
public sealed class ExternalServiceWorkerTests : IAsyncLifetime
{
    private const string TeamA = "team-a";
    // The garbage collector runs only when a test says so, so that what the worker deletes itself is told apart.
    private readonly DnsWorld world = new(new FakeApiServerOptions { Rbac = RbacOptions.ForRepositoryWithExternalServices(), GarbageCollectionDelay = null });
    private IKubernetes admin = null!;

    private SyncWorld Sync => world.Sync;

    public async Task InitializeAsync()
    {
        await world.InitializeAsync();
        Sync.Api.Store.Seed(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = TeamA } });
        admin = Sync.Api.CreateAdminClient();
        await ExternalServiceCluster.InstallCrdAsync(admin);
    }

    public async Task DisposeAsync()
    {
        admin.Dispose();
        await world.DisposeAsync();
    }

    [Fact]
    public async Task An_external_service_in_team_a_becomes_a_service_there_reports_ready_follows_dns_without_status_writes_in_between_and_goes_with_its_object()
    {
        await world.Dns.ReplaceRecordsAsync(DnsWorld.Records().Host("orders.e2e.test", 1, "192.0.2.10", "192.0.2.11"));
        await using var worker = await StartWorkerAsync(Config());
        var created = await ExternalServiceCluster.CreateAsync(admin, TeamA, "orders", DnsSpec("orders.e2e.test"));

        var status = await StatusAsync("orders", s => s.Endpoints?.Total == 2 && Ready(s) == "True", worker);
        Assert.Equal(new EndpointCounts { Ready = 2, NotReady = 0, Total = 2 }, status.Endpoints);
        Assert.Equal(("orders", "dns orders.e2e.test A", created.Metadata.Generation), (status.Service, status.Source, status.ObservedGeneration));
        Assert.Equal(["Ready", "Resolved"], status.Conditions!.Select(static c => c.Type));
        var service = Sync.Api.Store.Get<V1Service>(TeamA, "orders")!;
        var owner = Assert.Single(service.Metadata.OwnerReferences);
        Assert.Equal((ExternalServiceKind.Kind, "orders", created.Metadata.Uid, true, true), (owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
        Assert.Equal(["192.0.2.10", "192.0.2.11"], Addresses(TeamA, "orders"));
        Assert.DoesNotContain(Sync.Api.Store.List<V1Service>("default"), static s => s.Metadata.Name == "orders");

        // Steady state: resyncs every second, nothing written but the Lease's renewals, not even a status.
        Sync.Api.Writes.Reset();
        var synced = SyncedCount(worker);
        await Eventually.WaitAsync(() => SyncedCount(worker) >= synced + 3, "three more syncs", () => worker.Logs);
        Assert.Equal(0, Sync.Api.Writes.Count("update", "externalservices/status"));
        Assert.Equal(Sync.Api.Writes.Count("update", "leases"), Sync.Api.Writes.Total);

        await world.Dns.ReplaceRecordsAsync(DnsWorld.Records().Host("orders.e2e.test", 1, "192.0.2.12"));
        status = await StatusAsync("orders", s => s.Endpoints?.Total == 1, worker);
        Assert.Equal(["192.0.2.12"], Addresses(TeamA, "orders"));
        Assert.Equal("1/1 endpoints ready", status.Conditions!.Single(static c => c.Type == "Ready").Message);
        Assert.Equal(1, Sync.Api.Writes.Count("update", "externalservices/status"));

        // The worker deletes them itself (the garbage collector is held back here).
        await ExternalServiceCluster.DeleteAsync(admin, TeamA, "orders");
        await Eventually.WaitAsync(() => Sync.Api.Store.Get<V1Service>(TeamA, "orders") is null && Sync.Slices(TeamA, "orders").Count == 0, "the Service and its slices are gone", () => worker.Logs);
        Assert.Equal(1, Sync.Api.Writes.Count("delete", "services"));
        Assert.Equal(1, Sync.Api.Writes.Count("delete", "endpointslices"));
    }

    [Fact]
    public async Task With_the_worker_down_deleting_the_object_removes_what_was_written_for_it_through_the_garbage_collector()
    {
        var config = Config();
        await using (var worker = await StartWorkerAsync(config))
        {
            await ExternalServiceCluster.CreateAsync(admin, TeamA, "legacy", ExternalServiceCluster.StaticSpec("192.0.2.20"));
            await StatusAsync("legacy", s => Ready(s) == "True", worker);
            Assert.Equal(ExitCodes.Success, await worker.StopAsync());
        }

        Assert.NotNull(Sync.Api.Store.Get<V1Service>(TeamA, "legacy"));
        await ExternalServiceCluster.DeleteAsync(admin, TeamA, "legacy");
        Sync.Api.GarbageCollector.CollectNow();

        Assert.Null(Sync.Api.Store.Get<V1Service>(TeamA, "legacy"));
        Assert.Empty(Sync.Slices(TeamA, "legacy"));
    }

    [Fact]
    public async Task The_admins_file_wins_over_an_external_service_for_the_same_service_which_reports_the_conflict()
    {
        await using var worker = await StartWorkerAsync(Config(SyncWorld.StaticService("orders", ["192.0.2.1"], TeamA)));
        await ExternalServiceCluster.CreateAsync(admin, TeamA, "orders", ExternalServiceCluster.StaticSpec("192.0.2.9"));

        var status = await StatusAsync("orders", s => Ready(s) == "False", worker);

        var ready = Assert.Single(status.Conditions!);
        Assert.Equal("Conflict", ready.Reason);
        Assert.Contains("config file", ready.Message, StringComparison.Ordinal);
        Assert.Equal(["192.0.2.1"], Addresses(TeamA, "orders"));
        Assert.Null(Sync.Api.Store.Get<V1Service>(TeamA, "orders")!.Metadata.OwnerReferences);
    }

    [Fact]
    public async Task A_service_of_that_name_that_is_not_ours_is_a_conflict_and_stays_as_it_is()
    {
        var foreign = Sync.Api.Store.Seed(new V1Service
        {
            ApiVersion = "v1", Kind = "Service",
            Metadata = new V1ObjectMeta { Name = "theirs", NamespaceProperty = TeamA },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 443 }] },
        });
        await using var worker = await StartWorkerAsync(Config());
        await ExternalServiceCluster.CreateAsync(admin, TeamA, "theirs", ExternalServiceCluster.StaticSpec("192.0.2.30"));

        var status = await StatusAsync("theirs", s => Ready(s) == "False", worker);

        Assert.Equal("Conflict", Assert.Single(status.Conditions!).Reason);
        var after = Sync.Api.Store.Get<V1Service>(TeamA, "theirs")!;
        Assert.Equal(foreign.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
        Assert.Empty(Sync.Slices(TeamA, "theirs"));
    }

    [Fact]
    public async Task An_invalid_spec_is_not_published_and_its_status_names_the_field_and_the_fix_makes_it_ready()
    {
        await using var worker = await StartWorkerAsync(Config());
        await ExternalServiceCluster.CreateAsync(admin, TeamA, "broken", """{"type":"ClusterIP","source":{"static":{"addresses":["192.0.2.40"]}}}""");

        var status = await StatusAsync("broken", s => Ready(s) == "False", worker);

        var ready = Assert.Single(status.Conditions!);
        Assert.Equal("InvalidSpec", ready.Reason);
        Assert.Contains("spec.ports: is required for a ClusterIP service", ready.Message, StringComparison.Ordinal);
        Assert.Null(Sync.Api.Store.Get<V1Service>(TeamA, "broken"));

        await ExternalServiceCluster.ReplaceSpecAsync(admin, TeamA, "broken", ExternalServiceCluster.StaticSpec("192.0.2.40"));
        status = await StatusAsync("broken", s => Ready(s) == "True", worker);
        Assert.Equal(2, status.ObservedGeneration);
        Assert.Equal(["192.0.2.40"], Addresses(TeamA, "broken"));
    }

    [Fact]
    public async Task An_invalid_edit_keeps_the_last_valid_generation_published_following_dns_and_a_valid_edit_resumes()
    {
        await world.Dns.ReplaceRecordsAsync(DnsWorld.Records().Host("kept.e2e.test", 1, "192.0.2.70"));
        await using var worker = await StartWorkerAsync(Config());
        await ExternalServiceCluster.CreateAsync(admin, TeamA, "kept", DnsSpec("kept.e2e.test"));
        await StatusAsync("kept", s => Ready(s) == "True" && s.Endpoints?.Total == 1, worker);
        var service = Sync.Api.Store.Get<V1Service>(TeamA, "kept")!;
        Sync.Api.Writes.Reset();

        await ExternalServiceCluster.ReplaceSpecAsync(admin, TeamA, "kept", DnsSpec("kept.e2e.test").Replace("\"ports\":[{\"name\":\"http\",\"port\":80}],", "", StringComparison.Ordinal));

        var status = await StatusAsync("kept", s => s.ObservedGeneration == 2, worker);
        var ready = status.Conditions!.Single(static c => c.Type == "Ready");
        Assert.Equal(("False", "InvalidSpec"), (ready.Status, ready.Reason));
        Assert.Contains("spec.ports: is required for a ClusterIP service", ready.Message, StringComparison.Ordinal);
        Assert.EndsWith("; the last valid generation 1 is still published", ready.Message, StringComparison.Ordinal);
        Assert.Equal((2L, "True"), (ready.ObservedGeneration ?? 0, status.Conditions!.Single(static c => c.Type == "Resolved").Status));
        Assert.Equal(new EndpointCounts { Ready = 1, NotReady = 0, Total = 1 }, status.Endpoints);

        // Still served: its source is followed and its slices written as before; its Service stays.
        await world.Dns.ReplaceRecordsAsync(DnsWorld.Records().Host("kept.e2e.test", 1, "192.0.2.71", "192.0.2.72"));
        status = await StatusAsync("kept", s => s.Endpoints?.Total == 2, worker);
        Assert.Equal(["192.0.2.71", "192.0.2.72"], Addresses(TeamA, "kept"));
        Assert.Equal("InvalidSpec", status.Conditions!.Single(static c => c.Type == "Ready").Reason);
        Assert.Equal(service.Metadata.Uid, Sync.Api.Store.Get<V1Service>(TeamA, "kept")!.Metadata.Uid);
        Assert.Equal(0, Sync.Api.Writes.Count("delete", "services") + Sync.Api.Writes.Count("delete", "endpointslices"));
        Assert.Equal(0, Sync.Api.Writes.Count("update", "services"));
        Assert.Equal(2, Sync.Api.Writes.Count("update", "externalservices/status"));

        await ExternalServiceCluster.ReplaceSpecAsync(admin, TeamA, "kept", DnsSpec("kept.e2e.test").Replace("\"port\":80", "\"port\":8080", StringComparison.Ordinal));
        status = await StatusAsync("kept", s => s.ObservedGeneration == 3 && Ready(s) == "True", worker);
        Assert.Equal("2/2 endpoints ready", status.Conditions!.Single(static c => c.Type == "Ready").Message);
        Assert.Equal(8080, Assert.Single(Sync.Api.Store.Get<V1Service>(TeamA, "kept")!.Spec.Ports).Port);
    }

    [Fact]
    public async Task After_a_restart_an_invalid_external_service_leaves_what_it_published_untouched_until_it_is_fixed()
    {
        // A file registration resyncing every second sets the orphan sweep to every second too.
        var config = Config(SyncWorld.StaticService("anchor", ["192.0.2.99"], TeamA));
        await using (var first = await StartWorkerAsync(config))
        {
            await ExternalServiceCluster.CreateAsync(admin, TeamA, "legacy", ExternalServiceCluster.StaticSpec("192.0.2.80"));
            await StatusAsync("legacy", s => Ready(s) == "True", first);
            Assert.Equal(ExitCodes.Success, await first.StopAsync());
        }

        await ExternalServiceCluster.ReplaceSpecAsync(admin, TeamA, "legacy", """{"source":{"static":{"addresses":["192.0.2.81"]}}}""");
        var service = Sync.Api.Store.Get<V1Service>(TeamA, "legacy")!;
        var slice = Assert.Single(Sync.Slices(TeamA, "legacy"));
        Sync.Api.Writes.Reset();

        await using var worker = await StartWorkerAsync(config);
        var status = await StatusAsync("legacy", s => s.ObservedGeneration == 2, worker);
        var synced = SyncedCount(worker);
        await Eventually.WaitAsync(() => SyncedCount(worker) >= synced + 3, "three more syncs, and sweeps", () => worker.Logs);

        var ready = Assert.Single(status.Conditions!);
        Assert.Equal(("False", "InvalidSpec"), (ready.Status, ready.Reason));
        Assert.Contains("spec.ports: is required for a ClusterIP service", ready.Message, StringComparison.Ordinal);
        Assert.EndsWith("what was published for it before is left untouched until the spec is valid again", ready.Message, StringComparison.Ordinal);
        Assert.Equal(service.Metadata.ResourceVersion, Sync.Api.Store.Get<V1Service>(TeamA, "legacy")?.Metadata.ResourceVersion);
        Assert.Equal(slice.Metadata.ResourceVersion, Assert.Single(Sync.Slices(TeamA, "legacy")).Metadata.ResourceVersion);
        Assert.Equal(0, Sync.Api.Writes.Count("delete", "services") + Sync.Api.Writes.Count("delete", "endpointslices"));
        Assert.Equal(0, OwnedWrites());
        Assert.Equal(1, Sync.Api.Writes.Count("update", "externalservices/status"));

        await ExternalServiceCluster.ReplaceSpecAsync(admin, TeamA, "legacy", ExternalServiceCluster.StaticSpec("192.0.2.81"));
        await StatusAsync("legacy", s => s.ObservedGeneration == 3 && Ready(s) == "True", worker);
        Assert.Equal(["192.0.2.81"], Addresses(TeamA, "legacy"));
        Assert.Equal(service.Metadata.Uid, Sync.Api.Store.Get<V1Service>(TeamA, "legacy")!.Metadata.Uid);
    }

    [Fact]
    public async Task Addresses_the_policy_refuses_are_listed_in_the_status_and_a_refused_source_is_ready_false_refused()
    {
        await world.Dns.ReplaceRecordsAsync(DnsWorld.Records().Host("meta.e2e.test", 30, "169.254.169.254", "192.0.2.61"));
        await using var worker = await StartWorkerAsync(Config());
        await ExternalServiceCluster.CreateAsync(admin, TeamA, "meta", DnsSpec("meta.e2e.test"));
        await ExternalServiceCluster.CreateAsync(admin, TeamA, "catalog", """{"ports":[{"port":80}],"source":{"consul":{"service":"catalog"}}}""");

        var meta = await StatusAsync("meta", s => s.RefusedAddresses is { Count: > 0 } && Ready(s) == "True", worker);
        var refused = Assert.Single(meta.RefusedAddresses!);
        Assert.Equal("169.254.169.254", refused.Address);
        Assert.Contains("1 address(es) refused", meta.Conditions!.Single(static c => c.Type == "Ready").Message, StringComparison.Ordinal);
        Assert.Equal(["192.0.2.61"], Addresses(TeamA, "meta"));

        var catalog = await StatusAsync("catalog", s => Ready(s) == "False", worker);
        var ready = Assert.Single(catalog.Conditions!);
        Assert.Equal("Refused", ready.Reason);
        Assert.Contains("consul", ready.Message, StringComparison.Ordinal);
        Assert.Null(Sync.Api.Store.Get<V1Service>(TeamA, "catalog"));
    }

    [Fact]
    public async Task The_worker_uses_every_rule_the_crd_overlay_grants_it_on_external_services_and_nothing_it_lacks()
    {
        await using var worker = await StartWorkerAsync(Config());
        await ExternalServiceCluster.CreateAsync(admin, TeamA, "orders", ExternalServiceCluster.StaticSpec("192.0.2.50"));
        await StatusAsync("orders", s => Ready(s) == "True", worker);

        var authorization = Sync.Api.Authorization!;
        var granted = authorization.Policy.GrantsOf(authorization.ProductUser).Where(static g => g.Group == ExternalServiceKind.Group).ToHashSet();
        var used = authorization.Exercised;
        Assert.Equal(
            ["externalendpoints.io/externalservices/finalizers:update", "externalendpoints.io/externalservices/status:update", "externalendpoints.io/externalservices:list", "externalendpoints.io/externalservices:watch"],
            granted.Select(static g => g.ToString()).Order(StringComparer.Ordinal));
        Assert.Empty(granted.Except(used));
        Assert.Empty(used.Except(authorization.Policy.GrantsOf(authorization.ProductUser)));
    }

    private int OwnedWrites() =>
        new[] { "create", "update", "patch", "delete" }.Sum(verb => new[] { "services", "endpointslices", "endpoints" }.Sum(resource => Sync.Api.Writes.Count(verb, resource)));

    private static string? Ready(ExternalServiceStatus status) => status.Conditions?.FirstOrDefault(static c => c.Type == "Ready")?.Status;

    private static int SyncedCount(WorkerReplica worker) => worker.Logs.Split('\n').Count(static l => l.Contains("LeaderSyncTerm: Synced ", StringComparison.Ordinal));

    private string Config(string services = "  []\n") =>
        Sync.WriteConfig(services, "externalServices: { enabled: true }\ndefaults: { resyncInterval: 1s }\n");

    private string DnsSpec(string name) =>
        """{"ports":[{"name":"http","port":80}],"source":{"dns":{"name":""" + $"\"{name}\",\"nameservers\":[\"{world.Dns.Nameserver}\"]" + ""","timeout":"300ms","retries":1}}}""";

    private async Task<WorkerReplica> StartWorkerAsync(string config)
    {
        var worker = WorkerReplica.Start("crd-0", config, Sync.Kubeconfig);
        await Eventually.WaitAsync(() => worker.Status.IsLeading && worker.Status.FirstSyncDone, "the worker leads and syncs", () => worker.Logs);
        return worker;
    }

    private async Task<ExternalServiceStatus> StatusAsync(string name, Func<ExternalServiceStatus, bool> condition, WorkerReplica worker)
    {
        ExternalServiceStatus? status = null;
        await Eventually.WaitAsync(
            async () => (status = (await ExternalServiceCluster.ReadAsync(admin, TeamA, name)).Status) is { } s && condition(s),
            $"the status of {name}",
            () => $"{(status is null ? "(no status)" : k8s.KubernetesJson.Serialize(status))}\n{worker.Logs}");
        return status!;
    }

    private List<string> Addresses(string @namespace, string service) =>
        [.. Sync.Slices(@namespace, service).SelectMany(static s => s.Endpoints).SelectMany(static e => e.Addresses).Order(StringComparer.Ordinal)];
}
