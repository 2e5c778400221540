namespace ExternalEndpointSync.Health.Probes;

/// <summary>Reads a credential file for a probe; read on every probe so rotated secrets are picked up.</summary>
public static class SecretFile
{
    public static async Task<string> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var text = await File.ReadAllTextAsync(path, cancellationToken);
            return text.TrimEnd('\r', '\n');
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ProbeFailedException($"cannot read credentials file {path}: {exception.Message}", exception);
        }
    }
}
