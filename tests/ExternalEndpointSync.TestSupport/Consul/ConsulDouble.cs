using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.TestSupport.Consul;

/// <summary>
/// A Consul agent double on real HTTP (Kestrel on 127.0.0.1, random port) that follows
/// <c>reference/consul-api.md</c>: health and catalog endpoints, tag and passing filters,
/// datacenters, ACL tokens, and real blocking queries (a request with <c>index</c> hangs until
/// the service's index moves past it or its <c>wait</c> elapses, in real time). Faults, an index
/// that goes backwards and every answered request are under the test's control.
/// </summary>
public sealed class ConsulDouble : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10);

    private readonly WebApplication _app;
    private readonly ConsulDoubleOptions _options;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ServiceState> _services = new(StringComparer.Ordinal);
    private readonly List<ConsulDoubleRequest> _requests = [];
    private readonly List<(Func<ConsulDoubleRequest, bool> Match, TaskCompletionSource<ConsulDoubleRequest> Done)> _waiters = [];
    private ulong _raftIndex = 1;
    private bool _stopped;

    private ConsulDouble(WebApplication app, ConsulDoubleOptions options)
    {
        _app = app;
        _options = options;
    }

    public Uri Address { get; private set; } = null!;

    public ConsulDoubleFaults Faults { get; } = new();

    /// <summary>Every answered request so far, oldest first.</summary>
    public IReadOnlyList<ConsulDoubleRequest> Requests
    {
        get { lock (_gate) { return [.. _requests]; } }
    }

    public static async Task<ConsulDouble> StartAsync(ConsulDoubleOptions? options = null)
    {
        options ??= new ConsulDoubleOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (options.ServerCertificate is { } certificate)
            {
                listen.UseHttps(ConfigureHttps(certificate, options.ClientCertificateAuthority));
            }
        }));
        var app = builder.Build();
        var consul = new ConsulDouble(app, options);
        consul.MapRoutes();
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        consul.Address = new Uri(bound);
        return consul;
    }

    /// <summary>Adds or replaces instances of a service and moves its index.</summary>
    public void Register(string service, params ConsulDoubleInstance[] instances)
    {
        Mutate(service, state =>
        {
            foreach (var instance in instances)
            {
                state.Instances.RemoveAll(i => i.Id == instance.Id);
                state.Instances.Add(instance);
            }
        });
    }

    public void Deregister(string service, string instanceId) =>
        Mutate(service, state => state.Instances.RemoveAll(i => i.Id == instanceId));

    public void SetCheckStatus(string service, string instanceId, string status) =>
        Mutate(service, state =>
        {
            var index = state.Instances.FindIndex(i => i.Id == instanceId);
            state.Instances[index] = state.Instances[index] with { Status = status };
        });

    /// <summary>Sets a service's index outright, backwards too (a restored snapshot, another server), and wakes its blocked requests.</summary>
    public void SetIndex(string service, ulong index)
    {
        lock (_gate)
        {
            var state = StateOf(service);
            state.Index = index;
            state.Wake();
        }
    }

    public ulong IndexOf(string service)
    {
        lock (_gate)
        {
            return StateOf(service).Index;
        }
    }

    /// <summary>How many requests to this path were answered.</summary>
    public int RequestCount(string path)
    {
        lock (_gate)
        {
            return _requests.Count(r => r.Path == path);
        }
    }

    /// <summary>Completes with the first answered request, past or future, that matches.</summary>
    public Task<ConsulDoubleRequest> WaitForRequestAsync(Func<ConsulDoubleRequest, bool> match, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var seen = _requests.FirstOrDefault(match);
            if (seen is not null)
            {
                return Task.FromResult(seen);
            }

            var done = new TaskCompletionSource<ConsulDoubleRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Completes once a blocking request on <paramref name="service"/> is being held at exactly <paramref name="index"/>.</summary>
    public Task WaitUntilHeldAsync(string service, ulong index, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var state = StateOf(service);
            if (state.Held.Contains(index))
            {
                return Task.CompletedTask;
            }

            var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            state.HeldWaiters.Add((index, held));
            return held.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Completes once <paramref name="count"/> requests to <paramref name="path"/> have been answered.</summary>
    public Task WaitForRequestCountAsync(string path, int count, CancellationToken cancellationToken) =>
        WaitForRequestsAsync(r => r.Path == path, count, cancellationToken);

    /// <summary>Completes once <paramref name="count"/> answered requests, past or future, match.</summary>
    public Task WaitForRequestsAsync(Func<ConsulDoubleRequest, bool> match, int count, CancellationToken cancellationToken)
    {
        var seen = 0;
        return WaitForRequestAsync(r => match(r) && ++seen >= count, cancellationToken);
    }

    /// <summary>Stops listening (an outage); blocked requests are cut off.</summary>
    public async Task StopAsync()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }

    private static HttpsConnectionAdapterOptions ConfigureHttps(X509Certificate2 certificate, X509Certificate2? clientAuthority)
    {
        var https = new HttpsConnectionAdapterOptions { ServerCertificate = certificate };
        if (clientAuthority is not null)
        {
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (presented, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                chain.ChainPolicy.CustomTrustStore.Add(clientAuthority);
                return chain.Build(presented);
            };
        }

        return https;
    }

    private void MapRoutes()
    {
        _app.MapGet("/v1/health/service/{service}", (HttpContext http, string service) =>
            AnswerAsync(http, service, requireAcl: true, blockable: true, state => HealthEntries(state, http.Request.Query)));
        _app.MapGet("/v1/catalog/service/{service}", (HttpContext http, string service) =>
            AnswerAsync(http, service, requireAcl: true, blockable: true, state => CatalogEntries(state, http.Request.Query)));
        _app.MapGet("/v1/catalog/services", (HttpContext http) =>
            AnswerAsync(http, null, requireAcl: true, blockable: false, _ => CatalogServices()));
        _app.MapGet("/v1/status/leader", (HttpContext http) =>
            AnswerAsync(http, null, requireAcl: false, blockable: false, _ => "127.0.0.1:8300"));
    }

    private async Task AnswerAsync(HttpContext http, string? service, bool requireAcl, bool blockable, Func<ServiceState, object> render)
    {
        var request = http.Request;
        var record = new ConsulDoubleRequest
        {
            Path = request.Path.Value ?? "",
            Query = request.Query.ToDictionary(q => q.Key, q => (IReadOnlyList<string>)[.. q.Value.Select(v => v ?? "")]),
            Token = request.Headers.TryGetValue("X-Consul-Token", out var token) ? token.ToString() : null,
            ClientCertificateSubject = http.Connection.ClientCertificate?.Subject,
        };
        try
        {
            await RespondAsync(http, record, service, requireAcl, blockable, render);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            Record(record with { Aborted = true, StatusCode = 499 });
        }
    }

    /// <summary>Answers a request, recording it before the answer is written so a test never sees the client react to an unrecorded request.</summary>
    private async Task RespondAsync(
        HttpContext http,
        ConsulDoubleRequest record,
        string? service,
        bool requireAcl,
        bool blockable,
        Func<ServiceState, object> render)
    {
        var aborted = http.RequestAborted;
        if (Faults.Delay > TimeSpan.Zero)
        {
            await Task.Delay(Faults.Delay, aborted);
        }

        if (requireAcl && _options.RequiredToken is not null && record.Token != _options.RequiredToken)
        {
            await WriteErrorAsync(http, record, StatusCodes.Status403Forbidden, "ACL not found");
            return;
        }

        var datacenter = record.Single("dc");
        if (!string.IsNullOrEmpty(datacenter) && datacenter != _options.Datacenter)
        {
            await WriteErrorAsync(http, record, StatusCodes.Status404NotFound, "No path to datacenter");
            return;
        }

        if (Faults.TryTake(out var status, out var body))
        {
            await WriteErrorAsync(http, record, status, body);
            return;
        }

        var index = ulong.TryParse(record.Single("index"), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        var blocking = blockable && service is not null && index > 0;
        var waitElapsed = false;
        if (blocking)
        {
            waitElapsed = await BlockAsync(service!, index, ParseWait(record.Single("wait")), aborted);
        }

        object value;
        ulong answeredIndex;
        lock (_gate)
        {
            var state = service is null ? null : StateOf(service);
            answeredIndex = state?.Index ?? _raftIndex;
            value = render(state!);
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.Headers["X-Consul-Index"] = answeredIndex.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["X-Consul-KnownLeader"] = "true";
        http.Response.Headers["X-Consul-LastContact"] = "0";
        http.Response.ContentType = "application/json";
        Record(record with { StatusCode = 200, Blocking = blocking, WaitElapsed = waitElapsed, AnsweredIndex = answeredIndex });
        await http.Response.WriteAsync(JsonSerializer.Serialize(value), aborted);
    }

    /// <summary>Holds a blocking request while the service's index equals the one given; true when the wait elapsed.</summary>
    private async Task<bool> BlockAsync(string service, ulong index, TimeSpan wait, CancellationToken aborted)
    {
        using var waitOver = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        waitOver.CancelAfter(wait);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var state = StateOf(service);
                // An index that moved past the client's, or went backwards below it, answers at once.
                if (state.Index != index)
                {
                    return false;
                }

                changed = state.Changed.Task;
                state.Hold(index);
            }

            try
            {
                await changed.WaitAsync(waitOver.Token);
            }
            catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
            {
                return true;
            }
            finally
            {
                lock (_gate)
                {
                    StateOf(service).Held.Remove(index);
                }
            }
        }
    }

    private async Task WriteErrorAsync(HttpContext http, ConsulDoubleRequest record, int status, string body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain";
        Record(record with { StatusCode = status });
        await http.Response.WriteAsync(body, http.RequestAborted);
    }

    private static TimeSpan ParseWait(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return DefaultWait;
        }

        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], TimeSpan.FromMilliseconds(1))
            : text.EndsWith('s') ? (text[..^1], TimeSpan.FromSeconds(1))
            : text.EndsWith('m') ? (text[..^1], TimeSpan.FromMinutes(1))
            : text.EndsWith('h') ? (text[..^1], TimeSpan.FromHours(1))
            : (text, TimeSpan.FromSeconds(1));
        var wait = unit * double.Parse(number, CultureInfo.InvariantCulture);
        return wait > MaxWait ? MaxWait : wait;
    }

    private List<object> HealthEntries(ServiceState state, IQueryCollection query)
    {
        var onlyPassing = query.ContainsKey("passing") && query["passing"].ToString() is "" or "true" or "1";
        return [.. Matching(state, query)
            .Where(i => !onlyPassing || i.Status == "passing")
            .Select(i => (object)new
            {
                Node = new
                {
                    i.Node,
                    Address = i.NodeAddress,
                    _options.Datacenter,
                    TaggedAddresses = i.NodeTaggedAddresses,
                    Meta = new Dictionary<string, string>(),
                },
                Service = new
                {
                    ID = i.Id,
                    Service = state.Name,
                    i.Tags,
                    i.Address,
                    i.Port,
                    TaggedAddresses = i.ServiceTaggedAddresses.ToDictionary(a => a.Key, a => new { a.Value.Address, a.Value.Port }),
                    Meta = new Dictionary<string, string>(),
                    Weights = new { Passing = 1, Warning = 1 },
                },
                Checks = ChecksOf(state.Name, i),
            })];
    }

    /// <summary>A node check that always passes and the instance's check; maintenance looks as in Consul, a critical check with a reserved id.</summary>
    private static object[] ChecksOf(string service, ConsulDoubleInstance instance) =>
    [
        new { Node = instance.Node, CheckID = "serfHealth", Name = "Serf Health Status", Status = "passing", ServiceID = "", Output = "Agent alive and reachable" },
        instance.Status == "maintenance"
            ? new { Node = instance.Node, CheckID = "_service_maintenance:" + instance.Id, Name = "Service Maintenance Mode", Status = "critical", ServiceID = instance.Id, Output = "" }
            : new { Node = instance.Node, CheckID = "service:" + instance.Id, Name = "Service '" + service + "' check", Status = instance.Status, ServiceID = instance.Id, Output = "" },
    ];

    private List<object> CatalogEntries(ServiceState state, IQueryCollection query) =>
        [.. Matching(state, query).Select(i => (object)new
        {
            i.Node,
            Address = i.NodeAddress,
            _options.Datacenter,
            ServiceID = i.Id,
            ServiceName = state.Name,
            ServiceAddress = i.Address,
            ServicePort = i.Port,
            ServiceTags = i.Tags,
        })];

    private Dictionary<string, string[]> CatalogServices() =>
        _services.Values
            .Where(s => s.Instances.Count > 0)
            .ToDictionary(s => s.Name, s => s.Instances.SelectMany(i => i.Tags).Distinct().Order(StringComparer.Ordinal).ToArray());

    private static IEnumerable<ConsulDoubleInstance> Matching(ServiceState state, IQueryCollection query)
    {
        var tags = query["tag"].Select(t => t ?? "").ToList();
        return state.Instances.Where(i => tags.All(i.Tags.Contains)).OrderBy(i => i.Id, StringComparer.Ordinal);
    }

    private void Mutate(string service, Action<ServiceState> change)
    {
        lock (_gate)
        {
            var state = StateOf(service);
            change(state);
            _raftIndex++;
            state.Index = _raftIndex;
            state.Wake();
        }
    }

    private ServiceState StateOf(string service)
    {
        if (!_services.TryGetValue(service, out var state))
        {
            state = new ServiceState(service) { Index = _raftIndex };
            _services[service] = state;
        }

        return state;
    }

    private void Record(ConsulDoubleRequest request)
    {
        List<TaskCompletionSource<ConsulDoubleRequest>> done = [];
        lock (_gate)
        {
            _requests.Add(request);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(request))
                {
                    done.Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var waiter in done)
        {
            waiter.TrySetResult(request);
        }
    }

    private sealed class ServiceState(string name)
    {
        public string Name { get; } = name;

        public List<ConsulDoubleInstance> Instances { get; } = [];

        public ulong Index { get; set; }

        public TaskCompletionSource Changed { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The indexes requests are being held at (a multiset).</summary>
        public List<ulong> Held { get; } = [];

        public List<(ulong Index, TaskCompletionSource Done)> HeldWaiters { get; } = [];

        public void Hold(ulong index)
        {
            Held.Add(index);
            for (var i = HeldWaiters.Count - 1; i >= 0; i--)
            {
                if (HeldWaiters[i].Index == index)
                {
                    HeldWaiters[i].Done.TrySetResult();
                    HeldWaiters.RemoveAt(i);
                }
            }
        }

        public void Wake()
        {
            var woken = Changed;
            Changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            woken.TrySetResult();
        }
    }
}
