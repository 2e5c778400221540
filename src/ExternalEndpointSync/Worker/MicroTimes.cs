using k8s.LeaderElection;

namespace ExternalEndpointSync.Worker;

/// <summary>
/// Lease times are MicroTime: a real API server keeps microseconds, so the record carries no
/// more precision than it will read back (the elector compares what it wrote with what it gets).
/// </summary>
public static class MicroTimes
{
    public static DateTime Truncate(DateTime time) => new(time.Ticks - (time.Ticks % 10), time.Kind);

    public static LeaderElectionRecord Truncate(LeaderElectionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        record.AcquireTime = record.AcquireTime is { } acquired ? Truncate(acquired) : null;
        record.RenewTime = record.RenewTime is { } renewed ? Truncate(renewed) : null;
        return record;
    }
}
