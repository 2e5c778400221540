using System.Globalization;
using System.Text;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s.Models;

namespace ExternalEndpointSync.Benchmarks.Scale;

/// <summary>
/// The job a user would otherwise run: render the Services and EndpointSlices as YAML and
/// <c>kubectl apply</c> them every cycle. Measured with the real kubectl against the fake on a
/// subset (<see cref="Services"/> services, their own namespace so ours stay untouched), three
/// times: the first apply creates, the second is the steady cycle, the third carries one changed
/// address (kubectl's client-side apply: a GET of every object, then a strategic merge patch with
/// the last-applied annotation of the one that differs). The full-size figures are the steady
/// cycle scaled linearly to 10,000 services, and printed as extrapolated. kubectl runs with
/// <c>--validate=false</c> because the fake serves no OpenAPI document to validate against.
/// </summary>
public static class NaiveApplyScale
{
    public const int Services = 250;
    private const string Namespace = "naive-apply";
    private const string ChangedAddress = "203.0.113.77";

    public static async Task<(CliMeasurement Steady, string Requests)> RunAsync(TextWriter output, string directory, FakeKubernetesApiServer api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(api);
        api.Store.Seed(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = Namespace } });
        var manifests = Path.Combine(directory, "naive.yaml");
        await File.WriteAllTextAsync(manifests, Render(), cancellationToken);
        var kubeconfig = api.WriteKubeconfig(directory);
        string[] command = [KubectlRunner.FindKubectl(), "--kubeconfig", kubeconfig, "apply", "--validate=false", "-f", manifests];
        api.Requests.Reset();
        var first = await CliMeasurement.RunProgramAsync(directory, command, cancellationToken);
        var firstRequests = api.Requests.ToString();
        api.Requests.Reset();
        var steady = await CliMeasurement.RunProgramAsync(directory, command, cancellationToken);
        var steadyRequests = api.Requests.ToString();
        await File.WriteAllTextAsync(manifests, Render(changedAddress: ChangedAddress), cancellationToken);
        api.Requests.Reset();
        var change = await CliMeasurement.RunProgramAsync(directory, command, cancellationToken);
        var changeRequests = api.Requests.ToString();
        var changed = api.Store.Get<V1EndpointSlice>(Namespace, "svc-00000-manual")?.Endpoints[0].Addresses[0];
        await output.WriteLineAsync(Figure.Invariant($"naive job: real kubectl apply -f of {Services} Services + {Services} EndpointSlices (10 endpoints each) in their own namespace, against the same fake"));
        await output.WriteLineAsync(Figure.Invariant($"  first apply: exit {first.ExitCode}, CPU {first.Usage.Cpu.TotalSeconds:F2} s; API {firstRequests}"));
        await output.WriteLineAsync(Figure.Invariant($"  steady apply: exit {steady.ExitCode}, CPU {steady.Usage.Cpu.TotalSeconds:F2} s, {steady.Usage.Wall.TotalSeconds:F1} s wall (noisy); API {steadyRequests}"));
        await output.WriteLineAsync(Figure.Invariant($"  one address changed: exit {change.ExitCode}, CPU {change.Usage.Cpu.TotalSeconds:F2} s; API {changeRequests}; the slice now holds {changed}"));
        foreach (var failed in (CliMeasurement[])[first, steady, change])
        {
            if (failed.ExitCode != 0)
            {
                await output.WriteLineAsync($"  kubectl stderr: {failed.StderrTail}");
            }
        }

        api.Requests.Reset();
        return (steady, steadyRequests);
    }

    /// <summary>What a user would write by hand for the same estate: a selector-less Service and one named slice each.</summary>
    private static string Render(string? changedAddress = null)
    {
        var text = new StringBuilder();
        for (var i = 0; i < Services; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $$"""
                apiVersion: v1
                kind: Service
                metadata: { name: svc-{{i:D5}}, namespace: {{Namespace}} }
                spec:
                  ports: [ { name: http, port: 80, protocol: TCP } ]
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: svc-{{i:D5}}-manual
                  namespace: {{Namespace}}
                  labels: { kubernetes.io/service-name: svc-{{i:D5}} }
                addressType: IPv4
                ports: [ { name: http, port: 80, protocol: TCP } ]
                endpoints:

                """);
            for (var a = 0; a < ScaleConfigFile.AddressesPerService; a++)
            {
                text.Append(CultureInfo.InvariantCulture, $"  - {{ addresses: [ \"{(i == 0 && a == 0 && changedAddress is not null ? changedAddress : ScaleConfigFile.Address((i * ScaleConfigFile.AddressesPerService) + a))}\" ], conditions: {{ ready: true }} }}\n");
            }

            text.Append("---\n");
        }

        return text.ToString();
    }
}
