namespace ExternalEndpointSync.TestSupport.Servers;

/// <summary>
/// The account servers that refuse root (PostgreSQL's initdb and postgres) run as when the tests
/// run as root: <c>postgres</c> when the PostgreSQL packages created it, else <c>nobody</c>.
/// </summary>
public sealed record UnprivilegedUser(string Name, int Uid, int Gid)
{
    private static readonly string[] Candidates = ["postgres", "nobody"];

    /// <summary>Null when the tests do not run as root (then servers run as the current user).</summary>
    public static UnprivilegedUser? ForServers()
    {
        if (Environment.UserName != "root")
        {
            return null;
        }

        var entries = File.ReadAllLines("/etc/passwd")
            .Select(static line => line.Split(':'))
            .Where(static fields => fields.Length >= 4)
            .ToDictionary(static fields => fields[0], static fields => fields);
        foreach (var name in Candidates)
        {
            if (entries.TryGetValue(name, out var fields))
            {
                return new UnprivilegedUser(name, int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        throw new InvalidOperationException("running as root and neither a 'postgres' nor a 'nobody' account exists to run PostgreSQL as");
    }

    /// <summary>The command prefix that drops to this user; setpriv execs, so signals reach the server itself.</summary>
    public IReadOnlyList<string> SwitchCommand() =>
        [Executables.Require("setpriv", "util-linux"), $"--reuid={Uid}", $"--regid={Gid}", "--clear-groups"];

    /// <summary>Hands <paramref name="directory"/> (recursively) to this user.</summary>
    public Task ChownAsync(string directory) =>
        ProcessRunner.RunAsync([Executables.Require("chown", "coreutils"), "-R", $"{Uid}:{Gid}", directory], TimeSpan.FromSeconds(30));
}
