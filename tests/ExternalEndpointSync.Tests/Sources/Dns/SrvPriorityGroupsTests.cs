using ExternalEndpointSync.Sources.Dns;
using Xunit;

namespace ExternalEndpointSync.Tests.Sources.Dns;

public sealed class SrvPriorityGroupsTests
{
    private static readonly SrvTarget[] Targets =
    [
        new(20, 0, 5432, "standby.example.test", ["192.0.2.9"]),
        new(10, 5, 5432, "db1.example.test", ["192.0.2.1"]),
        new(10, 1, 5432, "db2.example.test", ["192.0.2.2"]),
        new(30, 0, 5432, "last.example.test", ["192.0.2.30"]),
    ];

    [Fact]
    public void Best_priority_with_a_usable_target_wins()
    {
        var published = SrvPriorityGroups.SelectPublished(Targets, static target => target.Addresses.Count > 0);

        Assert.Equal(["db1.example.test", "db2.example.test"], published.Select(static target => target.Host));
    }

    [Fact]
    public void Next_group_is_used_only_when_every_target_of_the_better_group_is_unusable()
    {
        var down = new HashSet<string> { "db1.example.test", "db2.example.test" };

        var published = SrvPriorityGroups.SelectPublished(Targets, target => !down.Contains(target.Host));

        Assert.Equal(["standby.example.test"], published.Select(static target => target.Host));
    }

    [Fact]
    public void Nothing_usable_publishes_nothing() =>
        Assert.Empty(SrvPriorityGroups.SelectPublished(Targets, static _ => false));
}
