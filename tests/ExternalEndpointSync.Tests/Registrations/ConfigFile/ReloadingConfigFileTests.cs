using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations;
using ExternalEndpointSync.Registrations.ConfigFile;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ExternalEndpointSync.Tests.Registrations.ConfigFile;

/// <summary>The configuration file of <c>run</c> read again through a ConfigMap volume's symlinks, on a poll or on request.</summary>
public sealed class ReloadingConfigFileTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly FakeTimeProvider _time = new();
    private readonly ConfigMapVolume _volume = new(File("alpha", "192.0.2.1"));

    public void Dispose() => _volume.Dispose();

    [Fact]
    public async Task A_configmap_swap_is_seen_on_the_next_poll_and_reaches_a_subscriber_as_changes()
    {
        using var file = await OpenAsync();
        using var registrations = file.Subscribe();
        var outcomes = new TaskCompletionSource<ConfigReloadOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        file.Reloaded += outcome => outcomes.TrySetResult(outcome);
        using var stop = new CancellationTokenSource();
        var polling = file.RunAsync(stop.Token);

        _volume.Update(File("alpha", "192.0.2.9") + Entry("beta", "192.0.2.2"));
        _time.Advance(ReloadingConfigFile.DefaultPollInterval);

        Assert.Equal(ConfigReloadResult.Applied, (await outcomes.Task.WaitAsync(Patience)).Result);
        await stop.CancelAsync();
        await polling;
        Assert.Equal(["alpha", "beta"], file.Current.Services.Select(s => s.Key.Name));
        Assert.Equal(
            [(RegistrationChangeKind.Changed, "alpha"), (RegistrationChangeKind.Added, "beta")],
            Drain(registrations).Select(c => (c.Kind, c.Registration.Key.Name)));
    }

    [Fact]
    public async Task A_poll_of_an_unchanged_file_reads_nothing_and_a_request_reloads_it_anyway()
    {
        using var file = await OpenAsync();
        var outcomes = new List<ConfigReloadOutcome>();
        file.Reloaded += outcomes.Add;

        Assert.Null(await file.ReloadAsync(force: false, CancellationToken.None));
        Assert.Empty(outcomes);
        Assert.Equal(ConfigReloadResult.Applied, (await file.ReloadAsync(force: true, CancellationToken.None))!.Result);
        Assert.Single(outcomes);
    }

    [Fact]
    public async Task SIGHUP_style_request_wakes_the_poll_before_the_interval()
    {
        using var file = await OpenAsync();
        var outcomes = new TaskCompletionSource<ConfigReloadOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        file.Reloaded += outcome => outcomes.TrySetResult(outcome);
        using var stop = new CancellationTokenSource();
        var polling = file.RunAsync(stop.Token);

        file.RequestReload();

        Assert.Equal(ConfigReloadResult.Applied, (await outcomes.Task.WaitAsync(Patience)).Result);
        await stop.CancelAsync();
        await polling;
    }

    [Fact]
    public async Task An_invalid_file_keeps_the_old_configuration_with_the_validate_diagnostics_once_until_it_is_fixed()
    {
        using var file = await OpenAsync();
        using var registrations = file.Subscribe();
        var outcomes = new List<ConfigReloadOutcome>();
        file.Reloaded += outcomes.Add;

        var broken = File("alpha", "192.0.2.1").Replace("name: alpha", "name: Alpha_1", StringComparison.Ordinal);
        _volume.Update(broken);
        var invalid = await file.ReloadAsync(force: false, CancellationToken.None);
        var expected = ConfigDiagnosticFormatter.Format(ConfigLoader.Load(broken, _volume.ConfigPath));

        Assert.Equal(ConfigReloadResult.Invalid, invalid!.Result);
        Assert.Equal(string.Join(Environment.NewLine, expected), invalid.Message);
        Assert.StartsWith($"{_volume.ConfigPath}:4:", invalid.Message, StringComparison.Ordinal);
        Assert.Contains(_volume.ConfigPath, file.Problem, StringComparison.Ordinal);
        Assert.Equal("192.0.2.1", Address(file));
        Assert.Null(await file.ReloadAsync(force: false, CancellationToken.None));

        _volume.Update(File("alpha", "192.0.2.5"));
        Assert.Equal(ConfigReloadResult.Applied, (await file.ReloadAsync(force: false, CancellationToken.None))!.Result);

        Assert.Null(file.Problem);
        Assert.Equal("192.0.2.5", Address(file));
        Assert.Equal([ConfigReloadResult.Invalid, ConfigReloadResult.Applied], outcomes.Select(o => o.Result));
        Assert.Equal([RegistrationChangeKind.Changed], Drain(registrations).Select(c => c.Kind));
    }

    [Theory]
    [InlineData("ownerId: other\n", "ownerId")]
    [InlineData("policy: upsert-only\n", "policy")]
    [InlineData("maxConcurrentProbes: 3\n", "maxConcurrentProbes")]
    [InlineData("consul: { datacenter: dc2 }\n", "consul")]
    [InlineData("externalServices: { namespaces: [ team-a ] }\n", "externalServices")]
    public async Task A_changed_restart_only_setting_refuses_the_whole_reload_and_names_the_setting(string setting, string name)
    {
        using var file = await OpenAsync();
        using var registrations = file.Subscribe();

        _volume.Update(File("alpha", "192.0.2.7", setting));
        var refused = await file.ReloadAsync(force: false, CancellationToken.None);

        Assert.Equal(ConfigReloadResult.Refused, refused!.Result);
        Assert.Contains($"{name} changed", refused.Message, StringComparison.Ordinal);
        Assert.Contains("restart", refused.Message, StringComparison.Ordinal);
        Assert.Equal(refused.Message, file.Problem);
        Assert.Equal("192.0.2.1", Address(file));
        Assert.Empty(Drain(registrations));
    }

    [Fact]
    public async Task A_subscriber_that_left_hears_no_more_reloads_and_a_new_one_starts_on_the_newest_file()
    {
        using var file = await OpenAsync();
        var left = file.Subscribe();
        left.Dispose();

        _volume.Update(File("alpha", "192.0.2.3"));
        await file.ReloadAsync(force: false, CancellationToken.None);
        using var joined = file.Subscribe();

        Assert.Empty(Drain(left));
        Assert.Equal("192.0.2.3", Assert.IsType<StaticSourceSpec>(Assert.Single(joined.Current).Source).Addresses.Single());
    }

    private async Task<ReloadingConfigFile> OpenAsync()
    {
        var loaded = await ConfigLoader.LoadFileAsync(_volume.ConfigPath, CancellationToken.None);
        Assert.True(loaded.IsValid, string.Join('\n', ConfigDiagnosticFormatter.Format(loaded)));
        return new ReloadingConfigFile(_volume.ConfigPath, loaded.Config!, ReloadingConfigFile.DefaultPollInterval, _time, NullLogger<ReloadingConfigFile>.Instance);
    }

    private static string Address(ReloadingConfigFile file) =>
        Assert.IsType<StaticSourceSpec>(file.Current.Services.Single().Source).Addresses.Single();

    private static List<RegistrationChange> Drain(ConfigFileSubscription source)
    {
        var changes = new List<RegistrationChange>();
        while (source.Changes.TryRead(out var change))
        {
            changes.Add(change);
        }

        return changes;
    }

    private static string File(string name, string address, string settings = "") =>
        $"apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\n{settings}services:\n{Entry(name, address)}";

    private static string Entry(string name, string address) =>
        $"  - name: {name}\n    ports: [ {{ port: 80 }} ]\n    source: {{ static: {{ addresses: [ {address} ] }} }}\n";
}
