using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.Policy;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations.Policy;

/// <summary>How one sync's registrations are split by the policy: admitted, refused, or held while the cluster facts are unknown.</summary>
public sealed class RegistrationPolicyTests
{
    private static readonly ExternalServiceSpec File = new()
    {
        Name = "admin",
        Source = new StaticSourceSpec { Addresses = ["10.244.0.1"] },
        Origin = new FileOrigin("config.yaml", 5, "services[0]"),
    };

    private static ExternalServiceSpec Resource(string ns) => new()
    {
        Name = "db",
        Namespace = ns,
        Source = new StaticSourceSpec { Addresses = ["192.0.2.1"] },
        Origin = new ResourceOrigin(ns, "db", "uid-1", 1),
    };

    [Fact]
    public async Task File_registrations_alone_need_no_cluster_facts_and_pass_untouched()
    {
        var facts = new FixedClusterFacts(ClusterFacts.None);

        var screen = await new RegistrationPolicy(new ExternalServicePolicy(), facts).ScreenAsync([File], CancellationToken.None);

        Assert.Equal([File], screen.Admitted);
        Assert.Null(screen.Addresses);
        Assert.Equal(0, facts.Reads);
    }

    [Fact]
    public async Task Without_an_enabled_policy_external_services_are_refused_and_the_file_still_syncs()
    {
        var facts = new FixedClusterFacts(ClusterFacts.None);

        var screen = await new RegistrationPolicy(null, facts).ScreenAsync([File, Resource("team-a")], CancellationToken.None);

        Assert.Equal([File], screen.Admitted);
        Assert.Contains("not enabled", Assert.Single(screen.Refused).Reason, StringComparison.Ordinal);
        Assert.Equal(0, facts.Reads);
    }

    [Fact]
    public async Task When_the_cluster_facts_cannot_be_read_external_services_are_held_and_the_file_still_syncs()
    {
        var facts = new FixedClusterFacts(ClusterFacts.None) { Failure = new HttpRequestException("connection refused") };

        var screen = await new RegistrationPolicy(new ExternalServicePolicy(), facts).ScreenAsync([File, Resource("team-a")], CancellationToken.None);

        Assert.Equal([File], screen.Admitted);
        Assert.Empty(screen.Refused);
        var held = Assert.Single(screen.Held);
        Assert.Equal(Resource("team-a"), held.Registration);
        Assert.Contains("connection refused", held.Reason, StringComparison.Ordinal);
        Assert.Null(screen.Addresses);
    }

    [Fact]
    public async Task Without_a_cluster_to_read_external_services_are_held()
    {
        var screen = await new RegistrationPolicy(new ExternalServicePolicy(), null).ScreenAsync([Resource("team-a")], CancellationToken.None);

        Assert.Contains("no cluster", Assert.Single(screen.Held).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admitted_external_services_come_with_the_address_policy_of_the_facts_read()
    {
        var facts = new FixedClusterFacts(new ClusterFacts { PodCidrs = [CidrNotation.Parse("10.244.0.0/16")] });
        var policy = new ExternalServicePolicy { Namespaces = ["team-a"] };

        var screen = await new RegistrationPolicy(policy, facts).ScreenAsync([File, Resource("team-a"), Resource("team-b")], CancellationToken.None);

        Assert.Equal([File, Resource("team-a")], screen.Admitted);
        Assert.Equal(Resource("team-b"), Assert.Single(screen.Refused).Registration);
        Assert.NotNull(screen.Addresses!.RefusalReason(System.Net.IPAddress.Parse("10.244.3.3"), "team-a"));
        Assert.Equal(1, facts.Reads);
    }

    [Fact]
    public async Task A_change_of_the_facts_takes_the_external_services_it_concerns_once_and_never_a_file_registration()
    {
        var policy = new RegistrationPolicy(new ExternalServicePolicy(), new FixedClusterFacts(ClusterFacts.None));
        await policy.ScreenAsync([File, Resource("team-a"), Resource("team-b")], CancellationToken.None);
        var relabelled = new ClusterFactsChange(false, new HashSet<string>(["team-b"]));
        var networks = new ClusterFactsChange(true, new HashSet<string>());

        Assert.Equal([new ServiceKey("team-b", "db")], policy.TakeJudged(relabelled));
        Assert.Empty(policy.TakeJudged(relabelled));
        Assert.Equal([new ServiceKey("team-a", "db")], policy.TakeJudged(networks));
        Assert.Empty(policy.TakeJudged(networks));

        // Judged again (the re-plan), it is remembered again.
        await policy.ScreenAsync([Resource("team-b")], CancellationToken.None);
        Assert.Equal([new ServiceKey("team-b", "db")], policy.TakeJudged(networks));
    }
}
