namespace ExternalEndpointSync.Sources.Consul;

/// <summary>
/// Consul answered, but some instance in the answer could not be turned into an address (a
/// hostname that did not resolve, no address at all). The answer is incomplete, so the read fails
/// as a whole: publishing the rest would silently drop that instance.
/// </summary>
public sealed class ConsulInstanceException : Exception
{
    public ConsulInstanceException()
    {
    }

    public ConsulInstanceException(string message)
        : base(message)
    {
    }

    public ConsulInstanceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
