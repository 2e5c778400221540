using System.CommandLine;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Reporting.Output;
using ExternalEndpointSync.Worker;

namespace ExternalEndpointSync.Cli;

/// <summary>The command line: <c>sync</c>, <c>run</c>, <c>validate</c> and <c>version</c>, with the exit codes of the contract.</summary>
public sealed class CliApp(CliEnvironment environment)
{
    private static readonly Dictionary<string, OutputFormat> Formats = new(StringComparer.Ordinal)
    {
        ["table"] = OutputFormat.Table,
        ["yaml"] = OutputFormat.Yaml,
        ["json"] = OutputFormat.Json,
        ["report-json"] = OutputFormat.ReportJson,
    };

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var root = BuildCommands();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await environment.Error.WriteLineAsync($"error: {error.Message}");
            }

            await environment.Error.WriteLineAsync("Run with --help for usage.");
            return ExitCodes.Invalid;
        }

        return await parsed.InvokeAsync(
            new InvocationConfiguration { Output = environment.Output, Error = environment.Error },
            cancellationToken);
    }

    private RootCommand BuildCommands()
    {
        var root = new RootCommand(
            "ExternalEndpointSync keeps Kubernetes Services for things outside the cluster true: it resolves them " +
            "(static, DNS, Consul), health-checks every address and maintains selectorless Services with EndpointSlices, " +
            "legacy Endpoints or ExternalName Services.");
        root.Subcommands.Add(BuildSync());
        root.Subcommands.Add(RunCommand.Build(environment, ConfigOption()));
        root.Subcommands.Add(BuildValidate());
        root.Subcommands.Add(BuildVersion());
        foreach (var option in root.Options.OfType<VersionOption>())
        {
            option.Action = new VersionAction(environment.Output);
        }

        return root;
    }

    private Command BuildSync()
    {
        var config = ConfigOption();
        var once = new Option<bool>("--once") { Description = "Sync once and exit (for Jobs, CronJobs and CI); without it, re-sync every resyncInterval and whenever a source or a health check reports a change." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Write nothing; print what would change. With no kubeconfig and not in a cluster, or a cluster that does not answer, plan against an empty one." };
        var output = new Option<string>("--output", "-o") { Description = "table (report), yaml or json (every owned object after the sync; logs go to stderr), or report-json (the report as JSON, one line per sync).", DefaultValueFactory = static _ => "table" };
        output.AcceptOnlyFromAmong([.. Formats.Keys]);
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Path to a kubeconfig file (default: the files KUBECONFIG lists, else ~/.kube/config, else in-cluster)." };
        var context = new Option<string?>("--context") { Description = "The kubeconfig context to use." };
        var policy = new Option<string?>("--policy") { Description = $"{SyncPolicyNames.NameOf(SyncPolicy.Sync)} (default: also delete what is owned and no longer configured), {SyncPolicyNames.NameOf(SyncPolicy.UpsertOnly)} or {SyncPolicyNames.NameOf(SyncPolicy.CreateOnly)}." };
        policy.AcceptOnlyFromAmong([.. SyncPolicyNames.ByName.Keys]);
        var ownerId = new Option<string?>("--owner-id") { Description = "The owner label value of this instance (default: the file's ownerId, else \"default\")." };

        var command = new Command("sync", "Sync the Services of a configuration file with the cluster: once with --once, else continuously until stopped.")
        {
            config, once, dryRun, output, kubeconfig, context, policy, ownerId,
        };
        command.SetAction((parsed, ct) => new SyncCommandRunner(environment).RunAsync(
            new SyncCommandOptions
            {
                ConfigPath = parsed.GetRequiredValue(config),
                Once = parsed.GetValue(once),
                DryRun = parsed.GetValue(dryRun),
                Output = Formats[parsed.GetValue(output) ?? "table"],
                Kubeconfig = parsed.GetValue(kubeconfig),
                Context = parsed.GetValue(context),
                Policy = parsed.GetValue(policy) is { } p ? SyncPolicyNames.ByName[p] : null,
                OwnerId = parsed.GetValue(ownerId),
            },
            ct));
        return command;
    }

    private Command BuildValidate()
    {
        var config = ConfigOption();
        var command = new Command("validate", "Check a configuration file; every error names its path and line (exit 2 when invalid).") { config };
        command.SetAction((parsed, ct) => new ValidateCommandRunner(environment).RunAsync(parsed.GetRequiredValue(config), ct));
        return command;
    }

    private Command BuildVersion()
    {
        var command = new Command("version", "Print the version and the git commit it was built from (the same as --version).");
        command.Action = new VersionAction(environment.Output);
        return command;
    }

    internal static Option<string> ConfigOption() =>
        new("--config", "-c") { Description = "The configuration file (kind: SyncConfig).", Required = true };
}
