using System.Net;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources.Consul;
using ExternalEndpointSync.TestSupport.Consul;
using ExternalEndpointSync.TestSupport.Time;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Tests.Sources.Consul;

/// <summary>Builds registrations, settings and sources pointed at a <see cref="ConsulDouble"/>.</summary>
internal static class ConsulTestKit
{
    /// <summary>A bound for awaiting what the code under test does by itself; never a schedule.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static ExternalServiceSpec Registration(ConsulSourceSpec source, string name = "cache") => new()
    {
        Name = name,
        Namespace = "apps",
        Ports = [new ServicePortSpec { Name = "redis", Port = 6379 }],
        Source = source,
    };

    public static ConsulSettings Settings(ConsulDouble consul, TimeSpan? wait = null) => new()
    {
        Address = ConsulAddress.Parse(consul.Address.AbsoluteUri),
        TokenEnvironmentVariable = "EES_TEST_NO_SUCH_VARIABLE",
        Wait = wait ?? TimeSpan.FromSeconds(2),
    };

    public static ConsulSourceOptions FastOptions { get; } = new()
    {
        RequestTimeout = TimeSpan.FromSeconds(10),
        BackoffDelay = TimeSpan.FromSeconds(1),
        MaxBackoffDelay = TimeSpan.FromSeconds(30),
    };

    public static (ConsulSource Source, ConsulClient Client) CreateSource(
        ConsulSettings settings,
        ILogger<ConsulSource>? logger = null,
        TimeProvider? time = null,
        Func<string, CancellationToken, Task<IReadOnlyList<IPAddress>>>? resolveHost = null,
        Func<string, string?>? environment = null)
    {
        var client = ConsulClientFactory.Create(settings, FastOptions, environment ?? (_ => null));
        var source = new ConsulSource(
            settings,
            client,
            logger ?? new LogCapture().CreateLogger<ConsulSource>(),
            time ?? new TimerSignallingTimeProvider(),
            FastOptions,
            new DelegateHostResolver(resolveHost ?? NoHostnames));
        return (source, client);
    }

    public static CancellationToken Timeout() => new CancellationTokenSource(Patience).Token;

    private static Task<IReadOnlyList<IPAddress>> NoHostnames(string host, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"test resolver knows no hostname {host}");
}
