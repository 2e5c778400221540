namespace ExternalEndpointSync.TestSupport.Consul;

/// <summary>Faults the <see cref="ConsulDouble"/> injects into its answers (after the ACL and datacenter checks).</summary>
public sealed class ConsulDoubleFaults
{
    private readonly Lock _gate = new();
    private int _status;
    private string _body = "";
    private int _remaining;
    private TimeSpan _delay;

    /// <summary>Answers the next <paramref name="count"/> requests (all until cleared by default) with this status and text body.</summary>
    public void Fail(int statusCode, string body, int count = int.MaxValue)
    {
        lock (_gate)
        {
            _status = statusCode;
            _body = body;
            _remaining = count;
        }
    }

    /// <summary>Holds every request this long before answering it.</summary>
    public TimeSpan Delay
    {
        get { lock (_gate) { return _delay; } }
        set { lock (_gate) { _delay = value; } }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _remaining = 0;
            _delay = TimeSpan.Zero;
        }
    }

    internal bool TryTake(out int statusCode, out string body)
    {
        lock (_gate)
        {
            statusCode = _status;
            body = _body;
            if (_remaining <= 0)
            {
                return false;
            }

            _remaining--;
            return true;
        }
    }
}
