namespace ExternalEndpointSync.Sources.Consul;

/// <summary>The index rules of Consul blocking queries, applied to each index the server returns.</summary>
public static class ConsulBlockingIndex
{
    /// <summary>
    /// The index to send next: 0 (a full, non-blocking fetch) when the server's index went
    /// backwards, since the server's state was reset or a different server answered; 1 when the
    /// server sent 0, so that the next request still blocks; otherwise the server's index.
    /// </summary>
    public static ulong Next(ulong previous, ulong received)
    {
        if (received < previous)
        {
            return 0;
        }

        return received == 0 ? 1 : received;
    }
}
