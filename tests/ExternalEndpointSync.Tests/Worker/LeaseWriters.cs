using System.Globalization;
using System.Text.Json.Nodes;
using ExternalEndpointSync.TestSupport.FakeKubernetes;

namespace ExternalEndpointSync.Tests.Worker;

/// <summary>
/// Reads the fake's write log against the Lease it also records: who held the lease at each write,
/// and until when that holder's last renewal was good. One writer at a time means every write of a
/// replica falls while the lease names it and before that lease could have expired.
/// </summary>
public static class LeaseWriters
{
    /// <summary>
    /// The writes (other than to the Lease) of the given pods, each checked against the lease as the
    /// store had it at that point; throws naming the first write made without the lease.
    /// </summary>
    public static IReadOnlyList<LoggedWrite> AssertEachWriteHeldTheLease(IReadOnlyList<LoggedWrite> log, params string[] pods)
    {
        ArgumentNullException.ThrowIfNull(log);
        string holder = string.Empty;
        var validUntil = DateTimeOffset.MinValue;
        var checkedWrites = new List<LoggedWrite>();
        foreach (var write in log)
        {
            if (write is { Resource: "leases", Namespace: WorkerWorld.LeaseNamespace, Name: WorkerWorld.LeaseName })
            {
                var spec = write.Object["spec"]!.AsObject();
                holder = (string?)spec["holderIdentity"] ?? string.Empty;
                validUntil = RenewTime(spec).AddSeconds((int?)spec["leaseDurationSeconds"] ?? 0);
                continue;
            }

            if (!pods.Contains(write.Client))
            {
                continue;
            }

            if (!holder.StartsWith(write.Client + "_", StringComparison.Ordinal) || write.At > validUntil)
            {
                throw new Xunit.Sdk.XunitException(
                    $"write #{write.Sequence} ({write.Verb} {write.Resource} {write.Namespace}/{write.Name}) by {write.Client} at {write.At:HH:mm:ss.fff} "
                    + $"while the lease named \"{holder}\", valid until {validUntil:HH:mm:ss.fff}");
            }

            checkedWrites.Add(write);
        }

        return checkedWrites;
    }

    private static DateTimeOffset RenewTime(JsonObject spec) =>
        DateTimeOffset.Parse((string)spec["renewTime"]!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
