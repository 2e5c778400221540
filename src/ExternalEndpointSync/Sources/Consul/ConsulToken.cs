using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources.Consul;

/// <summary>Reads the ACL token from <see cref="ConsulSettings.TokenFile"/>, else from the environment.</summary>
public static class ConsulToken
{
    /// <param name="environment">Reads an environment variable; <see cref="Environment.GetEnvironmentVariable(string)"/> by default.</param>
    /// <returns>The token, or null when none is configured.</returns>
    /// <exception cref="ConsulFileException">The token file cannot be used (<see cref="ConsulFileReader.ReadToken"/>), or the environment's token cannot be sent in a header.</exception>
    public static string? Read(ConsulSettings settings, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!string.IsNullOrEmpty(settings.TokenFile))
        {
            return ConsulFileReader.ReadToken(settings.TokenFile);
        }

        var fromEnvironment = (environment ?? Environment.GetEnvironmentVariable)(settings.TokenEnvironmentVariable)?.Trim();
        if (fromEnvironment is not null && ConsulFileReader.FirstUnsendable(fromEnvironment) >= 0)
        {
            throw new ConsulFileException($"{settings.TokenEnvironmentVariable} holds a token with characters an HTTP header cannot carry (only printable ASCII)");
        }

        return string.IsNullOrEmpty(fromEnvironment) ? null : fromEnvironment;
    }
}
