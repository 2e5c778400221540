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

    /// <summary>A file named by <paramref name="setting"/> cannot be used, for <paramref name="reason"/> (which names the file).</summary>
    public ConsulFileException(string setting, string reason, Exception? innerException)
        : base($"consul.{setting}: {reason}", innerException)
    {
        Setting = setting;
        Reason = reason;
    }

    /// <summary>The key of the <c>consul:</c> section naming the file (<c>tokenFile</c>, <c>caFile</c>, …); null when no file is at fault.</summary>
    public string? Setting { get; }

    /// <summary>What is wrong with the file, naming its path; the message is <c>consul.{Setting}: {Reason}</c>. Null with <see cref="Setting"/>.</summary>
    public string? Reason { get; }
}
