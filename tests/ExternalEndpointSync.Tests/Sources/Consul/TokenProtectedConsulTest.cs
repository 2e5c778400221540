using ExternalEndpointSync.Model;
using ExternalEndpointSync.TestSupport.Consul;
using Xunit;

namespace ExternalEndpointSync.Tests.Sources.Consul;

/// <summary>
/// A Consul double that answers only <paramref name="token"/>, with one <c>redis</c> instance, and a
/// scratch folder for the token and certificate files a test writes.
/// </summary>
public abstract class TokenProtectedConsulTest(string token, string directoryPrefix) : IAsyncLifetime
{
    private protected string Folder { get; } = Directory.CreateTempSubdirectory(directoryPrefix).FullName;

    private protected ExternalServiceSpec Registration { get; } = ConsulTestKit.Registration(new ConsulSourceSpec { Service = "redis" });

    private protected ConsulDouble Consul { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Consul = await ConsulDouble.StartAsync(new ConsulDoubleOptions { RequiredToken = token });
        Consul.Register("redis", new ConsulDoubleInstance { Id = "a", Address = "10.1.0.1", Port = 6379 });
    }

    public async Task DisposeAsync()
    {
        await Consul.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
