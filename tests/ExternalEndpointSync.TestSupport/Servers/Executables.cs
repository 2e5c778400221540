namespace ExternalEndpointSync.TestSupport.Servers;

/// <summary>Finds the programs the test servers run; a missing one fails with the Debian package to install.</summary>
public static class Executables
{
    private static readonly string[] ExtraDirectories = ["/usr/local/bin", "/usr/bin", "/usr/sbin", "/bin", "/sbin"];

    public static string Require(string name, string debianPackage, params string[] alsoLookIn)
    {
        var path = Environment.GetEnvironmentVariable("PATH")?.Split(':', StringSplitOptions.RemoveEmptyEntries) ?? [];
        foreach (var directory in path.Concat(ExtraDirectories).Concat(alsoLookIn))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"'{name}' was not found on PATH; install the Debian package '{debianPackage}' (apt-get install -y {debianPackage}).");
    }
}
