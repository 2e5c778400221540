using System.Globalization;

namespace ExternalEndpointSync.TestSupport.Servers;

/// <summary>Sends POSIX signals, so servers can be shut down the way their manuals ask (SIGINT: PostgreSQL fast shutdown).</summary>
public static class UnixSignal
{
    public const string Interrupt = "INT";
    public const string Terminate = "TERM";

    public static Task SendAsync(int processId, string signal) =>
        ProcessRunner.RunAsync([Executables.Require("kill", "procps"), $"-{signal}", processId.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
}
