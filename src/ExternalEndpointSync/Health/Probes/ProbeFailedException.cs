namespace ExternalEndpointSync.Health.Probes;

/// <summary>Thrown by probe helpers when a target answered in a way that means "down"; the message is the reason reported.</summary>
public sealed class ProbeFailedException : Exception
{
    public ProbeFailedException()
    {
    }

    public ProbeFailedException(string message)
        : base(message)
    {
    }

    public ProbeFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
