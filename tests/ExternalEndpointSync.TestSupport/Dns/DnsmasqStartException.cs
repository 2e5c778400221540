namespace ExternalEndpointSync.TestSupport.Dns;

/// <summary>dnsmasq exited or never answered after being started.</summary>
public sealed class DnsmasqStartException : Exception
{
    public DnsmasqStartException()
    {
    }

    public DnsmasqStartException(string message)
        : base(message)
    {
    }

    public DnsmasqStartException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
