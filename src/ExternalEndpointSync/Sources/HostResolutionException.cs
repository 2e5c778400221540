namespace ExternalEndpointSync.Sources;

/// <summary>A hostname that did not resolve to any address.</summary>
public sealed class HostResolutionException : Exception
{
    public HostResolutionException()
    {
    }

    public HostResolutionException(string message)
        : base(message)
    {
    }

    public HostResolutionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
