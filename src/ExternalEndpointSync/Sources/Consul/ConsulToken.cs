using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources.Consul;

/// <summary>Reads the ACL token from <see cref="ConsulSettings.TokenFile"/>, else from the environment.</summary>
public static class ConsulToken
{
    /// <param name="environment">Reads an environment variable; <see cref="Environment.GetEnvironmentVariable(string)"/> by default.</param>
    /// <returns>The token, or null when none is configured.</returns>
    public static string? Read(ConsulSettings settings, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!string.IsNullOrEmpty(settings.TokenFile))
        {
            var token = File.ReadAllText(settings.TokenFile).Trim();
            return token.Length == 0 ? null : token;
        }

        var fromEnvironment = (environment ?? Environment.GetEnvironmentVariable)(settings.TokenEnvironmentVariable)?.Trim();
        return string.IsNullOrEmpty(fromEnvironment) ? null : fromEnvironment;
    }
}
