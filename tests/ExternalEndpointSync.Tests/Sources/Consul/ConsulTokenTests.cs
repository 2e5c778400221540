using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources.Consul;
using ExternalEndpointSync.TestSupport.Consul;
using ExternalEndpointSync.TestSupport.Time;
using Xunit;

namespace ExternalEndpointSync.Tests.Sources.Consul;

/// <summary>The ACL token: where it comes from, that it is sent, that a bad one is a configuration error, and that it is never logged.</summary>
public sealed class ConsulTokenTests : IAsyncLifetime
{
    private const string Secret = "7c9b1e0a-token-that-must-never-be-logged";
    private const string WrongSecret = "0d4f2a6b-wrong-token-also-never-logged";

    private readonly string _directory = Directory.CreateTempSubdirectory("ees-consul-token-").FullName;
    private readonly ExternalServiceSpec _registration = ConsulTestKit.Registration(new ConsulSourceSpec { Service = "redis" });
    private ConsulDouble _consul = null!;

    public async Task InitializeAsync()
    {
        _consul = await ConsulDouble.StartAsync(new ConsulDoubleOptions { RequiredToken = Secret });
        _consul.Register("redis", new ConsulDoubleInstance { Id = "a", Address = "10.1.0.1", Port = 6379 });
    }

    public async Task DisposeAsync()
    {
        await _consul.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Token_from_the_file_is_sent_on_every_request_and_never_logged_even_on_failures()
    {
        var tokenFile = Path.Combine(_directory, "token");
        await File.WriteAllTextAsync(tokenFile, Secret + "\n");
        var logs = new LogCapture();
        var time = new TimerSignallingTimeProvider();
        var (source, client) = ConsulTestKit.CreateSource(ConsulTestKit.Settings(_consul) with { TokenFile = tokenFile }, logs.CreateLogger<ConsulSource>(), time);
        await using (source)
        using (client)
        {
            source.StartWatching(_registration);
            await source.Changes.ReadAsync(ConsulTestKit.Timeout());
            await _consul.WaitUntilHeldAsync("redis", _consul.IndexOf("redis"), ConsulTestKit.Timeout());
            _consul.Faults.Fail(500, "rpc error", count: 1);
            _consul.Register("redis", new ConsulDoubleInstance { Id = "b", Address = "10.1.0.2", Port = 6379 });
            await time.AdvancePastNextTimerAsync(ConsulTestKit.Timeout());
            await _consul.WaitUntilHeldAsync("redis", _consul.IndexOf("redis"), ConsulTestKit.Timeout());
        }

        var (wrong, wrongClient) = ConsulTestKit.CreateSource(ConsulTestKit.Settings(_consul), logs.CreateLogger<ConsulSource>(), time, environment: _ => WrongSecret);
        await using (wrong)
        using (wrongClient)
        {
            wrong.StartWatching(_registration);
            await wrong.Changes.ReadAsync(ConsulTestKit.Timeout());
            await wrong.ResolveAsync(_registration with { Name = "one-shot" }, ConsulTestKit.Timeout());
        }

        var byToken = _consul.Requests.GroupBy(r => r.Token).ToDictionary(g => g.Key ?? "(none)", g => g.Count());
        Assert.Equal(new[] { Secret, WrongSecret }.Order(StringComparer.Ordinal), byToken.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([3101, 3103, 3104, 3105, 3107], logs.Entries.Select(e => e.EventId.Id).Where(id => id is not 3102).Distinct().Order());
        var logged = logs.AllText();
        Assert.DoesNotContain(Secret, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongSecret, logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_comes_from_the_environment_variable_when_no_file_is_given()
    {
        var settings = ConsulTestKit.Settings(_consul) with { TokenEnvironmentVariable = "MY_CONSUL_TOKEN" };
        var (source, client) = ConsulTestKit.CreateSource(settings, environment: name => name == "MY_CONSUL_TOKEN" ? Secret : null);
        await using var _ = source;
        using var __ = client;

        var result = await source.ResolveAsync(_registration, ConsulTestKit.Timeout());

        Assert.Null(result.Error);
        Assert.Equal(Secret, Assert.Single(_consul.Requests).Token);
    }

    [Fact]
    public async Task A_bad_token_is_a_configuration_error_without_endpoints_in_one_shot_and_watch_mode()
    {
        var (source, client) = ConsulTestKit.CreateSource(ConsulTestKit.Settings(_consul), environment: _ => WrongSecret);
        await using var _ = source;
        using var __ = client;

        var once = await source.ResolveAsync(_registration with { Name = "once" }, ConsulTestKit.Timeout());
        source.StartWatching(_registration);
        await source.Changes.ReadAsync(ConsulTestKit.Timeout());
        var watched = await source.ResolveAsync(_registration, ConsulTestKit.Timeout());

        Assert.All([once, watched], result =>
        {
            Assert.True(result.IsConfigurationError);
            Assert.Null(result.Endpoints);
            Assert.Contains("403", result.Error, StringComparison.Ordinal);
            Assert.Contains("ACL not found", result.Error, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task No_token_sends_no_header()
    {
        var (source, client) = ConsulTestKit.CreateSource(ConsulTestKit.Settings(_consul));
        await using var _ = source;
        using var __ = client;

        var result = await source.ResolveAsync(_registration, ConsulTestKit.Timeout());

        Assert.True(result.IsConfigurationError);
        Assert.Null(Assert.Single(_consul.Requests).Token);
    }
}
