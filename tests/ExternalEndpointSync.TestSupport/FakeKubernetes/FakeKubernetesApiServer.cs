using System.Globalization;
using k8s;
using k8s.Models;
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

    private FakeKubernetesApiServer(WebApplication app, CancellationTokenSource stopping, FakeObjectStore store, FaultInjector faults, RequestCounter writes, RequestCounter requests, RequestAuthorizer? authorization)
    {
        this.app = app;
        this.stopping = stopping;
        Store = store;
        Authorization = authorization;
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

    /// <summary>The garbage collector; <see cref="GarbageCollector.CollectNow"/> runs it whatever its delay.</summary>
    public GarbageCollector GarbageCollector => Store.Collector!;

    /// <summary>The RBAC authorizer, or null when authorization is off.</summary>
    public RequestAuthorizer? Authorization { get; }

    /// <summary>The Service network (<c>--service-cluster-ip-range</c>) of IPv4, and of IPv6 when dual-stack.</summary>
    public const string ServiceRangeV4 = "10.96.0.0/16";

    public const string ServiceRangeV6 = "fd00:10:96::/112";

    public static Task<FakeKubernetesApiServer> StartAsync(CancellationToken ct = default) => StartAsync(new FakeApiServerOptions(), ct);

    /// <summary>Starts with an injected clock (timestamps, watch timeouts, fault delays).</summary>
    public static Task<FakeKubernetesApiServer> StartAsync(TimeProvider timeProvider, CancellationToken ct = default) =>
        StartAsync(new FakeApiServerOptions { TimeProvider = timeProvider }, ct);

    public static async Task<FakeKubernetesApiServer> StartAsync(FakeApiServerOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var timeProvider = options.TimeProvider;
        var serviceStrategy = new ServiceStrategy(new ClusterIpAllocator(ServiceRangeV4), options.DualStack ? new ClusterIpAllocator(ServiceRangeV6) : null);
        var store = new FakeObjectStore(new ResourceRegistry(serviceStrategy, options.ServeServiceCidrs), timeProvider);
        if (options.ServeServiceCidrs)
        {
            store.Seed(new V1ServiceCIDR
            {
                Metadata = new V1ObjectMeta { Name = "kubernetes" },
                Spec = new V1ServiceCIDRSpec { Cidrs = options.DualStack ? [ServiceRangeV4, ServiceRangeV6] : [ServiceRangeV4] },
            });
        }

        store.Collector = new GarbageCollector(store, options.GarbageCollectionDelay);
        var authorization = options.Rbac is { } rbac ? new RequestAuthorizer(rbac) : null;
        var faults = new FaultInjector();
        var writes = new RequestCounter();
        var requests = new RequestCounter();
        var stopping = new CancellationTokenSource();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var handler = new ApiRequestHandler(store, faults, writes, requests, authorization, stopping.Token);
        app.Run(handler.HandleAsync);
        await app.StartAsync(ct);
        return new FakeKubernetesApiServer(app, stopping, store, faults, writes, requests, authorization);
    }

    /// <summary>The bearer token of the product's identity: its service account in RBAC mode; unchecked otherwise.</summary>
    public string ProductToken => Authorization?.ProductToken ?? "fake-token";

    /// <summary>A real <see cref="Kubernetes"/> client pointed at this server, as the product (its service account in RBAC mode).</summary>
    public IKubernetes CreateClient() => CreateClient(ProductToken);

    /// <summary>A real client as a cluster admin (system:masters), for tests that play someone other than the product.</summary>
    public IKubernetes CreateAdminClient() => CreateClient(RbacOptions.AdminToken);

    private k8s.Kubernetes CreateClient(string token) =>
        new(new KubernetesClientConfiguration { Host = BaseAddress.ToString().TrimEnd('/'), AccessToken = token });

    /// <summary>
    /// Writes a kubeconfig with cluster, user and context "fake" (namespace default); returns its
    /// path. The user's token is <see cref="ProductToken"/> (KubernetesClient refuses a user without credentials).
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
                token: {ProductToken}
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
        Store.AddResource(CustomResourceServing.Definition(type));
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        GarbageCollector.Dispose();
        lock (Store.Gate)
        {
            Store.Watches.CompleteAll();
        }

        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }
}
