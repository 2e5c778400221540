using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources.Consul;

/// <summary>Reads the ACL token from <see cref="ConsulSettings.TokenFile"/>, else from the environment.</summary>
public static class ConsulToken
{
    /// <param name="environment">Reads an environment variable; <see cref="Environment.GetEnvironmentVariable(string)"/> by default.</param>
    /// <returns>The token, or null when none is configured.</returns>
    /// <exception cref="ConsulFileException">The token file cannot be read, or its token cannot be sent in a header.</exception>
    public static string? Read(ConsulSettings settings, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!string.IsNullOrEmpty(settings.TokenFile))
        {
            string token;
            try
            {
                token = File.ReadAllText(settings.TokenFile).Trim();
            }
            catch (Exception e) when (ConsulFileException.IsFileFailure(e))
            {
                throw ConsulFileException.For("tokenFile", settings.TokenFile, e);
            }

            if (!IsSendable(token))
            {
                throw new ConsulFileException($"consul.tokenFile {settings.TokenFile} holds a token with characters an HTTP header cannot carry (only printable ASCII)");
            }

            return token.Length == 0 ? null : token;
        }

        var fromEnvironment = (environment ?? Environment.GetEnvironmentVariable)(settings.TokenEnvironmentVariable)?.Trim();
        if (fromEnvironment is not null && !IsSendable(fromEnvironment))
        {
            throw new ConsulFileException($"{settings.TokenEnvironmentVariable} holds a token with characters an HTTP header cannot carry (only printable ASCII)");
        }

        return string.IsNullOrEmpty(fromEnvironment) ? null : fromEnvironment;
    }

    private static bool IsSendable(string token) => token.All(static c => c is >= '!' and <= '~');
}
