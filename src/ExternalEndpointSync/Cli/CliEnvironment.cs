using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ExternalEndpointSync.Cli;

/// <summary>
/// What a command runs against: its output streams, its clock, and hooks that let tests
/// replace services (retry timings, health stage) without another code path.
/// </summary>
public sealed record CliEnvironment
{
    public TextWriter Output { get; init; } = Console.Out;

    public TextWriter Error { get; init; } = Console.Error;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>Whether <see cref="Output"/> is a terminal (colour) rather than a pipe or a file (never colour).</summary>
    public bool OutputIsTerminal { get; init; } = !Console.IsOutputRedirected;

    /// <summary>Colour on a terminal unless NO_COLOR is set to anything non-empty (https://no-color.org).</summary>
    public bool UseColour => OutputIsTerminal && string.IsNullOrEmpty(GetEnvironmentVariable("NO_COLOR"));

    /// <summary>Reads an environment variable (KUBECONFIG, HOME); tests give a command its own environment.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    public Action<ILoggingBuilder> ConfigureLogging => builder =>
    {
        builder.SetMinimumLevel(LogLevel);
        if (LoggingOverride is { } configure)
        {
            configure(builder);
            return;
        }

        builder.AddSimpleConsole(static o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
            o.UseUtcTimestamp = true;
        });
        builder.Services.Configure<ConsoleLoggerOptions>(static o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    };

    /// <summary>Replaces the console logger (logs always go to standard error, never to the output).</summary>
    public Action<ILoggingBuilder>? LoggingOverride { get; init; }

    /// <summary>Runs before the sync's own registrations; what it registers wins where the sync uses TryAdd.</summary>
    public Action<IServiceCollection> ConfigureServices { get; init; } = static _ => { };
}
