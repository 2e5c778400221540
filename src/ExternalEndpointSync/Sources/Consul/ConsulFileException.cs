using System.Security.Cryptography;

namespace ExternalEndpointSync.Sources.Consul;

/// <summary>
/// A file named in the <c>consul:</c> settings (token, CA, client certificate or key) cannot be
/// used. Only the Consul services fail, each with this one-line reason; it is the configuration's fault.
/// </summary>
public sealed class ConsulFileException : Exception
{
    public ConsulFileException()
    {
    }

    public ConsulFileException(string message)
        : base(message)
    {
    }

    public ConsulFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A failure to read or parse <paramref name="path"/>, named by its setting, in one line.</summary>
    public static ConsulFileException For(string setting, string path, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var reason = failure switch
        {
            FileNotFoundException or DirectoryNotFoundException => "does not exist",
            UnauthorizedAccessException when Directory.Exists(path) => "is a directory, not a file",
            UnauthorizedAccessException => "cannot be read (permission denied)",
            CryptographicException { InnerException: { } inner } => $"is not a usable PEM file: {failure.Message} ({inner.Message})",
            CryptographicException or ArgumentException => $"is not a usable PEM file: {failure.Message}",
            _ => failure.Message,
        };
        return new ConsulFileException($"consul.{setting} {path} {reason}", failure);
    }

    /// <summary>Whether <paramref name="failure"/> is one reading or parsing a file can throw.</summary>
    public static bool IsFileFailure(Exception failure) =>
        failure is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException;
}
