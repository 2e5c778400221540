using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources.Consul;
using ExternalEndpointSync.TestSupport.Consul;
using ExternalEndpointSync.TestSupport.Time;
using Xunit;

namespace ExternalEndpointSync.Tests.Sources.Consul;

/// <summary>The ACL token: where it comes from, that it is sent, that a bad one is a configuration error, and that it is never logged.</summary>
public sealed class ConsulTokenTests() : TokenProtectedConsulTest(Secret, "ees-consul-token-")
{
    private const string Secret = "7c9b1e0a-token-that-must-never-be-logged";
    private const string WrongSecret = "0d4f2a6b-wrong-token-also-never-logged";

    [Fact]
    public async Task Token_from_the_file_is_sent_on_every_request_and_never_logged_even_on_failures()
    {
        var tokenFile = Path.Combine(Folder, "token");
        await File.WriteAllTextAsync(tokenFile, Secret + "\n");
        var logs = new LogCapture();
        var time = new TimerSignallingTimeProvider();
        var (source, client) = ConsulTestKit.CreateSource(ConsulTestKit.Settings(Consul) with { TokenFile = tokenFile }, logs.CreateLogger<ConsulSource>(), time);
        await using (source)
        using (client)
        {
            source.StartWatching(Registration);
            await source.Changes.ReadAsync(ConsulTestKit.Timeout());
            await Consul.WaitUntilHeldAsync("redis", Consul.IndexOf("redis"), ConsulTestKit.Timeout());
            Consul.Faults.Fail(500, "rpc error", count: 1);
            Consul.Register("redis", new ConsulDoubleInstance { Id = "b", Address = "10.1.0.2", Port = 6379 });
            await time.AdvancePastNextTimerAsync(ConsulTestKit.Timeout());
            await Consul.WaitUntilHeldAsync("redis", Consul.IndexOf("redis"), ConsulTestKit.Timeout());
        }

        var (wrong, wrongClient) = ConsulTestKit.CreateSource(ConsulTestKit.Settings(Consul), logs.CreateLogger<ConsulSource>(), time, environment: _ => WrongSecret);
        await using (wrong)
        using (wrongClient)
        {
            wrong.StartWatching(Registration);
            await wrong.Changes.ReadAsync(ConsulTestKit.Timeout());
            await wrong.ResolveAsync(Registration with { Name = "one-shot" }, ConsulTestKit.Timeout());
        }

        var byToken = Consul.Requests.GroupBy(r => r.Token).ToDictionary(g => g.Key ?? "(none)", g => g.Count());
        Assert.Equal(new[] { Secret, WrongSecret }.Order(StringComparer.Ordinal), byToken.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([3101, 3103, 3104, 3105, 3107], logs.Entries.Select(e => e.EventId.Id).Where(id => id is not 3102).Distinct().Order());
        var logged = logs.AllText();
        Assert.DoesNotContain(Secret, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongSecret, logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_comes_from_the_environment_variable_when_no_file_is_given()
    {
        var settings = ConsulTestKit.Settings(Consul) with { TokenEnvironmentVariable = "MY_CONSUL_TOKEN" };
        var (source, client) = ConsulTestKit.CreateSource(settings, environment: name => name == "MY_CONSUL_TOKEN" ? Secret : null);
        await using var _ = source;
        using var __ = client;

        var result = await source.ResolveAsync(Registration, ConsulTestKit.Timeout());

        Assert.Null(result.Error);
        Assert.Equal(Secret, Assert.Single(Consul.Requests).Token);
    }

    [Fact]
    public async Task A_bad_token_is_a_configuration_error_without_endpoints_in_one_shot_and_watch_mode()
    {
        var (source, client) = ConsulTestKit.CreateSource(ConsulTestKit.Settings(Consul), environment: _ => WrongSecret);
        await using var _ = source;
        using var __ = client;

        var once = await source.ResolveAsync(Registration with { Name = "once" }, ConsulTestKit.Timeout());
        source.StartWatching(Registration);
        await source.Changes.ReadAsync(ConsulTestKit.Timeout());
        var watched = await source.ResolveAsync(Registration, ConsulTestKit.Timeout());

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
        var (source, client) = ConsulTestKit.CreateSource(ConsulTestKit.Settings(Consul));
        await using var _ = source;
        using var __ = client;

        var result = await source.ResolveAsync(Registration, ConsulTestKit.Timeout());

        Assert.True(result.IsConfigurationError);
        Assert.Null(Assert.Single(Consul.Requests).Token);
    }
}
