using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations.Policy;

/// <summary>
/// Holds ExternalServices (registrations whose origin is a <see cref="ResourceOrigin"/>) to the
/// admin's <see cref="ExternalServicePolicy"/>; the file's registrations are the admin's own and
/// pass untouched. The cluster facts are read only in a sync that has an ExternalService to judge.
/// It remembers the ExternalServices it judged, so that when the facts change
/// (<see cref="TakeJudged"/>) the ones judged by facts that no longer hold are judged again.
/// </summary>
public sealed class RegistrationPolicy(ExternalServicePolicy? policy, IClusterFactsSource? facts)
{
    private readonly Lock judgedGate = new();
    private readonly HashSet<ServiceKey> judged = [];

    public async Task<PolicyScreen> ScreenAsync(IReadOnlyList<ExternalServiceSpec> registrations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        if (!registrations.Any(static r => r.Origin is ResourceOrigin))
        {
            return new PolicyScreen { Admitted = registrations };
        }

        // Remembered before the facts are read, so that a change arriving in between is not missed.
        lock (judgedGate)
        {
            judged.UnionWith(registrations.Where(static r => r.Origin is ResourceOrigin).Select(static r => r.Key));
        }

        var (known, problem) = await ReadFactsAsync(cancellationToken);
        var admitted = new List<ExternalServiceSpec>(registrations.Count);
        var refused = new List<(ExternalServiceSpec, string)>();
        var held = new List<(ExternalServiceSpec, string)>();
        foreach (var registration in registrations)
        {
            if (registration.Origin is not ResourceOrigin)
            {
                admitted.Add(registration);
            }
            else if (problem is not null)
            {
                held.Add((registration, problem));
            }
            else if (RegistrationAdmission.Refusal(registration, policy, known) is { } reason)
            {
                refused.Add((registration, reason));
            }
            else
            {
                admitted.Add(registration);
            }
        }

        return new PolicyScreen
        {
            Admitted = admitted,
            Refused = refused,
            Held = held,
            Addresses = policy is not null && problem is null ? new AddressPolicy(policy, known) : null,
        };
    }

    /// <summary>
    /// Takes the ExternalServices judged since the facts last changed that <paramref name="change"/>
    /// concerns. Their re-plan judges them again, which remembers them again; one that is gone is
    /// not re-planned and so forgotten.
    /// </summary>
    public IReadOnlyList<ServiceKey> TakeJudged(ClusterFactsChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (judgedGate)
        {
            var taken = judged.Where(key => change.Concerns(key.Namespace)).ToList();
            judged.ExceptWith(taken);
            return taken;
        }
    }

    private async Task<(ClusterFacts Facts, string? Problem)> ReadFactsAsync(CancellationToken cancellationToken)
    {
        if (policy is not { Enabled: true })
        {
            return (ClusterFacts.None, null);
        }

        if (facts is null)
        {
            return (ClusterFacts.None, "the cluster's networks are unknown (no cluster to read them from), so no ExternalService can be checked");
        }

        try
        {
            return (await facts.ReadAsync(cancellationToken), null);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return (ClusterFacts.None, $"the cluster's networks could not be read ({e.Message}), so no ExternalService can be checked; what it published is left as it is");
        }
    }
}
