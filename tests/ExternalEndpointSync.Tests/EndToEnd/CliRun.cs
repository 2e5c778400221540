using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>Runs the real command line in-process and keeps what it printed.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>Retries fast, so fault-injection tests do not wait for production backoff.</summary>
    public static readonly KubernetesRetryOptions FastRetries = new() { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50) };

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(FastRetries, args);

    public static Task<CliRun> RunAsync(KubernetesRetryOptions retries, params string[] args) =>
        RunAsync(new CliRunSettings { Retries = retries }, args);

    public static async Task<CliRun> RunAsync(CliRunSettings settings, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment
        {
            Output = output,
            Error = error,
            GetEnvironmentVariable = settings.Variable,
            OutputIsTerminal = false,
            LoggingOverride = settings.Logs is { } logs ? builder => builder.AddProvider(logs) : static _ => { },
            ConfigureServices = services =>
            {
                services.AddSingleton(settings.Retries);
                settings.Services?.Invoke(services);
            },
        };
        var exitCode = await new CliApp(environment).RunAsync(args, CancellationToken.None);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>
/// What an in-process run sees besides its arguments. Its environment never comes from the test
/// process: without a HOME of its own it gets an empty one, so no machine's ~/.kube/config is read.
/// </summary>
public sealed record CliRunSettings
{
    private static readonly string EmptyHome = Directory.CreateTempSubdirectory("ees-home-").FullName;

    public KubernetesRetryOptions Retries { get; init; } = CliRun.FastRetries;

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Registered before the sync's own services, so it replaces those the sync only adds when absent.</summary>
    public Action<IServiceCollection>? Services { get; init; }

    /// <summary>Receives the run's log entries; null discards them.</summary>
    public ILoggerProvider? Logs { get; init; }

    public string? Variable(string name) =>
        Environment.TryGetValue(name, out var value) ? value : name == "HOME" ? EmptyHome : null;
}
