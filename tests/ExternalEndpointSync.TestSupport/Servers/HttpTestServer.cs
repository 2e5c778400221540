using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.TestSupport.Servers;

/// <summary>
/// Kestrel on a real port, plain HTTP or HTTPS with a given certificate. Every path answers
/// 200 unless <see cref="SetStatus"/> says otherwise; requests and the SNI names seen are recorded.
/// </summary>
public sealed class HttpTestServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _statuses = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<string> _serverNames = new();
    private WebApplication? _app;

    private HttpTestServer(IPAddress address) => Address = address;

    public IPAddress Address { get; }

    public int Port { get; private set; }

    public bool IsHttps { get; private set; }

    public IReadOnlyCollection<RecordedRequest> Requests => _requests;

    /// <summary>The SNI host names clients sent (empty string: none, as for an IP literal).</summary>
    public IReadOnlyCollection<string> ServerNames => _serverNames;

    /// <param name="certificate">Serve HTTPS with this certificate; plain HTTP when null.</param>
    public static async Task<HttpTestServer> StartAsync(IPAddress? address = null, X509Certificate2? certificate = null, int port = 0)
    {
        var server = new HttpTestServer(address ?? IPAddress.Loopback) { IsHttps = certificate is not null };
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(server.Address, port, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificateSelector = (_, name) =>
                    {
                        server._serverNames.Enqueue(name ?? "");
                        return certificate;
                    },
                });
            }
        }));
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server._app = app;
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Port = new Uri(bound).Port;
        return server;
    }

    /// <summary>The status <paramref name="path"/> answers from now on.</summary>
    public void SetStatus(string path, int status) => _statuses[path] = status;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        _requests.Enqueue(new RecordedRequest(request.Method, request.Path.Value ?? "/", request.Host.Value ?? ""));
        context.Response.StatusCode = _statuses.TryGetValue(request.Path.Value ?? "/", out var status) ? status : StatusCodes.Status200OK;
        return Task.CompletedTask;
    }
}

/// <summary>One request an <see cref="HttpTestServer"/> received.</summary>
public sealed record RecordedRequest(string Method, string Path, string Host);
