using System.Globalization;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// An in-process Kubernetes API server on real HTTP (Kestrel, 127.0.0.1, random port) serving
/// namespaces, services, endpoints and events (core/v1), endpointslices (discovery.k8s.io/v1) and leases
/// (coordination.k8s.io/v1) with the API server's validation, concurrency, list and watch rules.
/// </summary>
public sealed class FakeKubernetesApiServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly CancellationTokenSource stopping;

    private FakeKubernetesApiServer(WebApplication app, CancellationTokenSource stopping, FakeObjectStore store, FaultInjector faults, RequestCounter writes, RequestCounter requests)
    {
        this.app = app;
        this.stopping = stopping;
        Store = store;
        Faults = faults;
        Writes = writes;
        Requests = requests;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First());
    }

    public Uri BaseAddress { get; }

    /// <summary>Successful writes, by verb and resource.</summary>
    public RequestCounter Writes { get; }

    /// <summary>Every request made to a resource (reads, writes, faulted ones), by verb and resource.</summary>
    public RequestCounter Requests { get; }

    public FaultInjector Faults { get; }

    public FakeObjectStore Store { get; }

    public static Task<FakeKubernetesApiServer> StartAsync(CancellationToken ct = default) => StartAsync(TimeProvider.System, ct);

    public static Task<FakeKubernetesApiServer> StartAsync(FakeApiServerOptions options, CancellationToken ct = default) =>
        StartAsync(TimeProvider.System, options, ct);

    /// <summary>Starts with an injected clock (timestamps, watch timeouts, fault delays).</summary>
    public static Task<FakeKubernetesApiServer> StartAsync(TimeProvider timeProvider, CancellationToken ct = default) =>
        StartAsync(timeProvider, new FakeApiServerOptions(), ct);

    public static async Task<FakeKubernetesApiServer> StartAsync(TimeProvider timeProvider, FakeApiServerOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var serviceStrategy = new ServiceStrategy(new ClusterIpAllocator("10.96.0.0/16"), options.DualStack ? new ClusterIpAllocator("fd00:10:96::/112") : null);
        var store = new FakeObjectStore(new ResourceRegistry(serviceStrategy), timeProvider);
        var faults = new FaultInjector();
        var writes = new RequestCounter();
        var requests = new RequestCounter();
        var stopping = new CancellationTokenSource();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var handler = new ApiRequestHandler(store, faults, writes, requests, stopping.Token);
        app.Run(handler.HandleAsync);
        await app.StartAsync(ct);
        return new FakeKubernetesApiServer(app, stopping, store, faults, writes, requests);
    }

    /// <summary>A real <see cref="Kubernetes"/> client pointed at this server.</summary>
    public IKubernetes CreateClient() =>
        new k8s.Kubernetes(new KubernetesClientConfiguration { Host = BaseAddress.ToString().TrimEnd('/') });

    /// <summary>
    /// Writes a kubeconfig with cluster, user and context "fake" (namespace default); returns its
    /// path. The user has a token because KubernetesClient refuses a user without credentials;
    /// the fake does not check it.
    /// </summary>
    public string WriteKubeconfig(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "kubeconfig");
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {BaseAddress.ToString().TrimEnd('/')}
            users:
            - name: fake
              user:
                token: fake-token
            contexts:
            - name: fake
              context:
                cluster: fake
                user: fake
                namespace: default
            current-context: fake

            """));
        return path;
    }

    /// <summary>Serves a custom resource from now on (as if its CustomResourceDefinition had been created).</summary>
    public void AddCustomResource(CustomResourceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        Store.AddResource(new ResourceDefinition
        {
            Group = type.Group,
            Version = type.Version,
            Plural = type.Plural,
            Singular = type.Singular ?? type.Kind.ToLowerInvariant(),
            Kind = type.Kind,
            Namespaced = type.Namespaced,
            ShortNames = type.ShortNames,
            Strategy = new CustomResourceStrategy(type),
            AllowUnconditionalUpdate = false,
            ManagesGeneration = true,
            HasStatusSubresource = type.HasStatusSubresource,
            ListItemsCarryKind = true,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        lock (Store.Gate)
        {
            Store.Watches.CompleteAll();
        }

        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }
}
