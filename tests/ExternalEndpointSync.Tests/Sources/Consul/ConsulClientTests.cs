using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources.Consul;
using ExternalEndpointSync.TestSupport.Consul;
using Xunit;

namespace ExternalEndpointSync.Tests.Sources.Consul;

/// <summary>The typed client against the double: every endpoint of the reference, headers and parameters.</summary>
public sealed class ConsulClientTests : IAsyncLifetime
{
    private ConsulDouble _consul = null!;
    private ConsulClient _client = null!;

    public async Task InitializeAsync()
    {
        _consul = await ConsulDouble.StartAsync();
        _client = ConsulClientFactory.Create(new ConsulSettings { Address = ConsulAddress.Parse(_consul.Address.AbsoluteUri), TokenEnvironmentVariable = "EES_TEST_NO_SUCH_VARIABLE" }, new ConsulSourceOptions(), _ => null);
        _consul.Register(
            "redis",
            new ConsulDoubleInstance { Id = "a", Node = "n1", NodeAddress = "10.0.0.1", Address = "10.1.0.1", Port = 6379, Tags = ["primary"] },
            new ConsulDoubleInstance { Id = "b", Node = "n2", NodeAddress = "10.0.0.2", Port = 6380, Tags = ["replica"], Status = "warning" });
        _consul.Register("postgres", new ConsulDoubleInstance { Id = "p", Port = 5432, Tags = ["v16"] });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _consul.DisposeAsync();
    }

    [Fact]
    public async Task Health_service_returns_nodes_services_checks_and_the_index()
    {
        var response = await _client.GetHealthServiceAsync(new ConsulHealthQuery { Service = "redis" }, ConsulTestKit.Timeout());

        Assert.Equal(_consul.IndexOf("redis"), response.Index);
        Assert.True(response.KnownLeader);
        var b = response.Value.Single(e => e.Service.ID == "b");
        Assert.Equal(("n2", "10.0.0.2", "dc1"), (b.Node.Node, b.Node.Address, b.Node.Datacenter));
        Assert.Equal(("", 6380, "redis"), (b.Service.Address, b.Service.Port, b.Service.Service));
        Assert.Equal(["passing", "warning"], b.Checks!.Select(c => c.Status));
    }

    [Fact]
    public async Task A_blocking_query_sends_index_and_wait_and_is_held_until_the_wait_elapses()
    {
        var index = _consul.IndexOf("redis");

        var response = await _client.GetHealthServiceAsync(new ConsulHealthQuery { Service = "redis", Index = index, Wait = TimeSpan.FromMilliseconds(300) }, ConsulTestKit.Timeout());

        Assert.Equal(index, response.Index);
        var request = Assert.Single(_consul.Requests);
        Assert.Equal((index.ToString(System.Globalization.CultureInfo.InvariantCulture), "300ms"), (request.Single("index"), request.Single("wait")));
        Assert.True(request.WaitElapsed);
    }

    [Fact]
    public async Task An_unknown_datacenter_is_a_404_configuration_error()
    {
        var error = await Assert.ThrowsAsync<ConsulApiException>(() =>
            _client.GetHealthServiceAsync(new ConsulHealthQuery { Service = "redis", Datacenter = "dc9" }, ConsulTestKit.Timeout()));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
        Assert.True(error.IsConfigurationError);
        Assert.Contains("No path to datacenter", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500, false)]
    [InlineData(429, false)]
    [InlineData(403, true)]
    public async Task Error_statuses_carry_their_body_and_only_403_and_404_are_configuration_errors(int status, bool configuration)
    {
        _consul.Faults.Fail(status, "the body text");

        var error = await Assert.ThrowsAsync<ConsulApiException>(() =>
            _client.GetHealthServiceAsync(new ConsulHealthQuery { Service = "redis" }, ConsulTestKit.Timeout()));

        Assert.Equal(status, (int)error.StatusCode);
        Assert.Equal(configuration, error.IsConfigurationError);
        Assert.Contains("the body text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_that_outlives_its_timeout_is_a_timeout_not_a_cancellation()
    {
        _consul.Faults.Delay = TimeSpan.FromSeconds(5);
        using var impatient = ConsulClientFactory.Create(
            new ConsulSettings { Address = ConsulAddress.Parse(_consul.Address.AbsoluteUri), TokenEnvironmentVariable = "EES_TEST_NO_SUCH_VARIABLE" },
            new ConsulSourceOptions { RequestTimeout = TimeSpan.FromMilliseconds(200) },
            _ => null);

        await Assert.ThrowsAsync<TimeoutException>(() => impatient.GetHealthServiceAsync(new ConsulHealthQuery { Service = "redis" }, ConsulTestKit.Timeout()));
    }

    [Theory]
    [InlineData(300_000, "300s")]
    [InlineData(2_000, "2s")]
    [InlineData(1_500, "1500ms")]
    public void Wait_is_written_as_a_go_duration(int milliseconds, string expected)
    {
        Assert.Equal(expected, ConsulClient.FormatDuration(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Theory]
    [InlineData(0UL, 5UL, 5UL)]
    [InlineData(5UL, 5UL, 5UL)]
    [InlineData(5UL, 9UL, 9UL)]
    [InlineData(9UL, 5UL, 0UL)]
    [InlineData(0UL, 0UL, 1UL)]
    [InlineData(7UL, 0UL, 0UL)]
    public void Index_rules_reset_on_going_backwards_and_never_block_on_zero(ulong previous, ulong received, ulong next)
    {
        Assert.Equal(next, ConsulBlockingIndex.Next(previous, received));
    }

    [Fact]
    public void The_token_file_wins_over_the_environment_a_blank_file_is_refused_and_a_blank_variable_counts_as_none()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "  from-file\n");
            Assert.Equal("from-file", ConsulToken.Read(new ConsulSettings { TokenFile = file }, _ => "from-environment"));
            Assert.Equal("from-environment", ConsulToken.Read(new ConsulSettings(), name => name == "CONSUL_HTTP_TOKEN" ? "from-environment" : null));
            File.WriteAllText(file, "\n");
            // A blank file is usually a secret not mounted yet: refused, never read as "no token" nor replaced by the environment's.
            var blank = Assert.Throws<ConsulFileException>(() => ConsulToken.Read(new ConsulSettings { TokenFile = file }, _ => "from-environment"));
            Assert.Equal($"consul.tokenFile: token file \"{file}\" is empty; write the Consul ACL token into it, or remove tokenFile to use tokenEnv", blank.Message);
            Assert.Null(ConsulToken.Read(new ConsulSettings(), _ => "   "));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
