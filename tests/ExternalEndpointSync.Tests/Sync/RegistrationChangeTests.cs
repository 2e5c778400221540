using System.Collections.Concurrent;
using System.Threading.Channels;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.Sync;
using ExternalEndpointSync.Tests.Registrations.Resources;
using k8s.Models;

namespace ExternalEndpointSync.Tests.Sync;

/// <summary>
/// The loop follows its registration source: an added registration is synced at once, a removed
/// one stops being watched and probed and its objects go under the sync policy, and a Service
/// registered by the config file and an ExternalService is synced from the file only.
/// </summary>
public sealed class RegistrationChangeTests : SyncLoopServerTest
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);
    private readonly RecordingWatchingSource watching = new();
    private readonly RecordingHealthStage health = new();

    [Fact]
    public async Task An_added_registration_is_watched_and_synced_at_once_without_touching_the_others()
    {
        var alpha = Spec("alpha", "192.0.2.1");
        Start(new SyncOptions(), alpha);
        await Harness.NextReportAsync();
        Harness.Api.Writes.Reset();

        Harness.Registrations.Replace([alpha, Spec("beta", "192.0.2.2")]);
        var report = await Harness.NextReportAsync();

        Assert.Equal([SyncLoopHarness.Key("beta")], report.Services.Select(s => s.Key));
        Assert.Contains(SyncLoopHarness.Key("beta"), watching.Watched);
        Assert.Equal(1, Harness.Api.Writes.Count("create", "services"));
        Assert.Equal(1, Harness.Api.Writes.Count("create", "endpointslices"));
        Assert.Equal(0, Harness.Api.Writes.Count("update", "endpointslices"));
    }

    [Theory]
    [InlineData(SyncPolicy.Sync, 1)]
    [InlineData(SyncPolicy.UpsertOnly, 0)]
    [InlineData(SyncPolicy.CreateOnly, 0)]
    public async Task A_removed_registration_stops_its_watcher_and_probes_and_its_objects_go_only_under_the_sync_policy(SyncPolicy policy, int deletes)
    {
        var alpha = Spec("alpha", "192.0.2.1");
        var beta = Spec("beta", "192.0.2.2");
        Start(new SyncOptions { Policy = policy }, alpha, beta);
        await Harness.NextReportAsync();
        Harness.Api.Writes.Reset();

        Harness.Registrations.Replace([alpha]);
        var report = await Harness.NextReportAsync();

        var removed = Assert.Single(report.Services);
        Assert.Equal((SyncLoopHarness.Key("beta"), ServiceStatus.Removed), (removed.Key, removed.Status));
        Assert.Contains(SyncLoopHarness.Key("beta"), watching.Forgotten);
        Assert.Contains(SyncLoopHarness.Key("beta"), health.Forgotten);
        Assert.DoesNotContain(SyncLoopHarness.Key("alpha"), health.Forgotten);
        Assert.Equal(deletes, Harness.Api.Writes.Count("delete", "services"));
        Assert.Equal(deletes, Harness.Api.Writes.Count("delete", "endpointslices"));
        Assert.Equal(deletes * 2, Harness.Api.Writes.Deletes);
        Assert.Equal(deletes * 2, Harness.Api.Writes.Total);
        Assert.Equal(1 - deletes, Harness.Api.Store.List<V1Service>("default").Count(s => s.Metadata.Name == "beta"));
        Assert.Single(Harness.Api.Store.List<V1Service>("default"), s => s.Metadata.Name == "alpha");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_service_registered_by_the_file_and_an_external_service_is_synced_from_the_file_in_either_order_and_the_resource_is_a_conflict(bool fileFirst)
    {
        var file = Spec("alpha", "192.0.2.1") with { Origin = new FileOrigin("config.yaml", 4, "services[0]") };
        var resource = Spec("alpha", "192.0.2.9") with { Origin = new ResourceOrigin("default", "alpha", "uid-7", 2) };
        Start(new SyncOptions(), [.. fileFirst ? new[] { file, resource } : [resource, file], Spec("beta", "192.0.2.2")]);

        var report = await Harness.NextReportWithErrorsAsync();

        var alpha = report.Services.Where(s => s.Key == SyncLoopHarness.Key("alpha")).ToList();
        Assert.Equal(2, alpha.Count);
        Assert.Equal(file.Origin, Assert.Single(alpha, s => s.Status == ServiceStatus.Synced).Origin);
        var rejected = Assert.Single(alpha, s => s.Status == ServiceStatus.Conflict);
        Assert.Equal(resource.Origin, rejected.Origin);
        Assert.Equal(
            "Service default/alpha is registered by the cluster admin's config file (config.yaml:4 (services[0])), which wins over ExternalService default/alpha (uid uid-7, generation 2); that one is not synced: rename it or ask the admin to remove the file entry",
            Assert.Single(rejected.Errors));
        Assert.Equal(ServiceStatus.Synced, Assert.Single(report.Services, s => s.Key == SyncLoopHarness.Key("beta")).Status);
        Assert.Equal("192.0.2.1", Harness.Slice("alpha").Endpoints.Single().Addresses.Single());
        Assert.Null(Harness.Api.Store.Get<V1Service>("default", "alpha")!.Metadata.OwnerReferences);
        // Retrying cannot resolve a duplicate, so none is queued.
        Assert.Equal(0, Harness.Replans.Count);
    }

    [Fact]
    public async Task When_the_file_entry_of_a_service_goes_its_external_service_takes_over_and_owns_the_service()
    {
        using var admin = Harness.Api.CreateAdminClient();
        await ExternalServiceCluster.InstallCrdAsync(admin);
        var created = await ExternalServiceCluster.CreateAsync(admin, "default", "alpha", ExternalServiceCluster.StaticSpec("192.0.2.9"));
        var file = Spec("alpha", "192.0.2.1") with { Origin = new FileOrigin("config.yaml", 4, "services[0]") };
        var resource = Spec("alpha", "192.0.2.9") with { Origin = created.Origin };
        Start(new SyncOptions(), resource, file);
        await Harness.NextReportWithErrorsAsync();
        Harness.Api.Writes.Reset();

        Harness.Registrations.Replace([resource]);
        var report = await Harness.NextReportAsync();

        Assert.Equal(ServiceStatus.Synced, Assert.Single(report.Services).Status);
        Assert.Equal("192.0.2.9", Harness.Slice("alpha").Endpoints.Single().Addresses.Single());
        Assert.Equal(2, Harness.Api.Writes.Total);
        Assert.Equal(1, Harness.Api.Writes.Count("update", "services"));
        Assert.Equal(1, Harness.Api.Writes.Count("update", "endpointslices"));
        var owner = Assert.Single(Harness.Api.Store.Get<V1Service>("default", "alpha")!.Metadata.OwnerReferences);
        Assert.Equal((ExternalServiceKind.ApiVersion, ExternalServiceKind.Kind, "alpha", created.Metadata.Uid, true, true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
        Assert.DoesNotContain(SyncLoopHarness.Key("alpha"), health.Forgotten);
    }

    private void Start(SyncOptions options, params ExternalServiceSpec[] services) =>
        Harness.Start([watching], health, new SyncLoopHarness.Notifier(Announcements.Reader), options, services);

    private static ExternalServiceSpec Spec(string name, string address) => SyncLoopHarness.Spec(name, Interval) with
    {
        Source = new StaticSourceSpec { Addresses = [address] },
    };

    /// <summary>Serves static addresses, and records what the loop asks it to watch and to forget.</summary>
    private sealed class RecordingWatchingSource : IWatchingSource
    {
        private readonly StaticSource inner = new();
        private readonly Channel<ServiceKey> changes = Channel.CreateUnbounded<ServiceKey>();

        public ConcurrentBag<ServiceKey> Watched { get; } = [];

        public ConcurrentBag<ServiceKey> Forgotten { get; } = [];

        public string Kind => "static";

        public ChannelReader<ServiceKey> Changes => changes.Reader;

        public void StartWatching(ExternalServiceSpec service) => Watched.Add(service.Key);

        public Task<SourceResult> ResolveAsync(ExternalServiceSpec service, CancellationToken cancellationToken) => inner.ResolveAsync(service, cancellationToken);

        public void Forget(ServiceKey service) => Forgotten.Add(service);
    }

    /// <summary>Publishes what the source says, and records which services it was told to forget.</summary>
    private sealed class RecordingHealthStage : IHealthStage
    {
        private readonly SourceHealthStage inner = new();

        public ConcurrentBag<ServiceKey> Forgotten { get; } = [];

        public Task<HealthOutcome> EvaluateAsync(ExternalServiceSpec service, IReadOnlyList<ResolvedEndpoint> endpoints, CancellationToken cancellationToken) =>
            inner.EvaluateAsync(service, endpoints, cancellationToken);

        public void Forget(ServiceKey service) => Forgotten.Add(service);
    }
}
