using System.Net;
using k8s.Models;

namespace ExternalEndpointSync.Tests.EndToEnd.Health;

/// <summary>Configuration entries for health-checked static services, and what their slices say about each address.</summary>
internal static class HealthCheckedService
{
    /// <summary>A services-list entry: one port, static addresses, and <paramref name="healthCheck"/> as a YAML flow mapping.</summary>
    public static string Entry(string name, IEnumerable<IPAddress> addresses, int port, string healthCheck, string extra = "") =>
        $$"""
          - name: {{name}}
            namespace: payments
            ports: [ { name: main, port: {{port}} } ]
            source:
              static: { addresses: [ {{string.Join(", ", addresses)}} ] }
            healthCheck: {{healthCheck}}

        """ + extra;

    /// <summary>The ready and serving conditions of every endpoint in the service's slices, by address.</summary>
    public static IReadOnlyDictionary<string, (bool? Ready, bool? Serving)> Conditions(SyncWorld world, string name) =>
        world.Slices("payments", name)
            .SelectMany(static slice => slice.Endpoints ?? [])
            .ToDictionary(static e => e.Addresses.Single(), static e => (e.Conditions?.Ready, e.Conditions?.Serving));

    public static (bool? Ready, bool? Serving) Up => (true, true);

    public static (bool? Ready, bool? Serving) Down => (false, false);

    public static V1Endpoints? Endpoints(SyncWorld world, string name) => world.Api.Store.Get<V1Endpoints>("payments", name);
}
