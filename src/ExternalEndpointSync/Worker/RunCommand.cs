using System.CommandLine;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Registrations;
using ExternalEndpointSync.Registrations.ConfigFile;

namespace ExternalEndpointSync.Worker;

/// <summary>The <c>run</c> command line: the in-cluster worker.</summary>
public static class RunCommand
{
    public static Command Build(CliEnvironment environment, Option<string> config)
    {
        var defaults = new LeaseTimings();
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Path to a kubeconfig file (default: the files KUBECONFIG lists, else ~/.kube/config, else in-cluster)." };
        var context = new Option<string?>("--context") { Description = "The kubeconfig context to use." };
        var ownerId = new Option<string?>("--owner-id") { Description = "The owner label value of this instance (default: the file's ownerId, else \"default\")." };
        var leaseNamespace = new Option<string?>("--lease-namespace") { Description = "The namespace of the leader Lease (default: POD_NAMESPACE, else the pod's service-account namespace)." };
        var leaseName = new Option<string>("--lease-name") { Description = "The name of the leader Lease.", DefaultValueFactory = static _ => RunCommandOptions.DefaultLeaseName };
        var httpPort = new Option<int>("--http-port") { Description = "The port of /healthz and /readyz.", DefaultValueFactory = static _ => RunCommandOptions.DefaultHttpPort };
        httpPort.Validators.Add(static r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                r.AddError("--http-port must be between 0 and 65535");
            }
        });
        var leaseDuration = DurationOption("--lease-duration", "How long a Lease lasts without renewal before another replica may take it (whole seconds).", defaults.LeaseDuration);
        var renewDeadline = DurationOption("--renew-deadline", "How long the leader keeps trying to renew before it stops writing.", defaults.RenewDeadline);
        var retryPeriod = DurationOption("--retry-period", "How often replicas try to acquire or renew the Lease.", defaults.RetryPeriod);
        var configPoll = DurationOption("--config-poll-interval", "How often the configuration file is checked for changes (SIGHUP reloads it at once).", ReloadingConfigFile.DefaultPollInterval);

        var command = new Command("run", "Run as the in-cluster worker: sync continuously while holding the leader Lease, serve /healthz and /readyz, release the Lease on SIGTERM.")
        {
            config, kubeconfig, context, ownerId, leaseNamespace, leaseName, httpPort, leaseDuration, renewDeadline, retryPeriod, configPoll,
        };
        command.SetAction((parsed, ct) => new RunCommandRunner(environment).RunAsync(
            new RunCommandOptions
            {
                ConfigPath = parsed.GetRequiredValue(config),
                Kubeconfig = parsed.GetValue(kubeconfig),
                Context = parsed.GetValue(context),
                OwnerId = parsed.GetValue(ownerId),
                LeaseNamespace = parsed.GetValue(leaseNamespace),
                LeaseName = parsed.GetValue(leaseName) ?? RunCommandOptions.DefaultLeaseName,
                HttpPort = parsed.GetValue(httpPort),
                Timings = new LeaseTimings
                {
                    LeaseDuration = parsed.GetValue(leaseDuration),
                    RenewDeadline = parsed.GetValue(renewDeadline),
                    RetryPeriod = parsed.GetValue(retryPeriod),
                },
                ConfigPollInterval = parsed.GetValue(configPoll),
            },
            ct));
        return command;
    }

    private static Option<TimeSpan> DurationOption(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = $"{description} ({DurationParser.ExpectedForm})",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (DurationParser.TryParse(text, out var duration))
            {
                return duration;
            }

            result.AddError($"{name}: \"{text}\" is not {DurationParser.ExpectedForm}");
            return defaultValue;
        },
    };
}
