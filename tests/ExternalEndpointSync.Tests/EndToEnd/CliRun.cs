using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Kubernetes;
using Microsoft.Extensions.DependencyInjection;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>Runs the real command line in-process and keeps what it printed.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>Retries fast, so fault-injection tests do not wait for production backoff.</summary>
    public static readonly KubernetesRetryOptions FastRetries = new() { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50) };

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(FastRetries, args);

    public static async Task<CliRun> RunAsync(KubernetesRetryOptions retries, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment
        {
            Output = output,
            Error = error,
            LoggingOverride = static _ => { },
            ConfigureServices = services => services.AddSingleton(retries),
        };
        var exitCode = await new CliApp(environment).RunAsync(args, CancellationToken.None);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
