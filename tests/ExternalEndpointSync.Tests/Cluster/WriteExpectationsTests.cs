using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Cluster.Watch;
using k8s.Models;

namespace ExternalEndpointSync.Tests.Cluster;

/// <summary>
/// What the watch cache does with our own writes before and after their watch events: laid over
/// the cache until the echo of that very resourceVersion, kept over events older than the write,
/// cleared by a relist unless it was served before the write landed, and an echo that came before the write was recorded is never an expectation.
/// </summary>
public sealed class WriteExpectationsTests
{
    private readonly WriteExpectations expectations = new();

    [Fact]
    public void A_write_is_laid_over_the_cache_until_its_echo_arrives()
    {
        var old = Slice("a", "5", "uid-a");
        var written = Slice("a", "9", "uid-a");
        expectations.Wrote(written);

        Assert.Same(written, Assert.Single(expectations.Overlay([old])));
        Assert.False(expectations.Observe(Change(ResourceChangeType.Updated, Slice("a", "7", "uid-a"), ResourceChangeOrigin.Watch)));
        Assert.Equal("9", Assert.Single(expectations.Overlay([Slice("a", "7", "uid-a")])).Metadata.ResourceVersion);
        Assert.True(expectations.Observe(Change(ResourceChangeType.Updated, Slice("a", "9", "uid-a"), ResourceChangeOrigin.Watch)));

        Assert.Equal(0, expectations.Count);
        Assert.Equal("12", Assert.Single(expectations.Overlay([Slice("a", "12", "uid-a")])).Metadata.ResourceVersion);
    }

    [Fact]
    public void A_created_slice_the_cache_has_not_seen_is_added_and_a_deleted_one_hidden()
    {
        expectations.Wrote(Slice("new", "3", "uid-new"));
        expectations.Deleted(Slice("gone", "2", "uid-gone"));

        var read = expectations.Overlay([Slice("gone", "2", "uid-gone"), Slice("kept", "1", "uid-kept")]);

        Assert.Equal(["kept", "new"], read.Select(static s => s.Metadata.Name).Order());
        Assert.True(expectations.Observe(Change(ResourceChangeType.Deleted, Slice("gone", "4", "uid-gone"), ResourceChangeOrigin.Watch)));
        Assert.True(expectations.Observe(Change(ResourceChangeType.Added, Slice("new", "3", "uid-new"), ResourceChangeOrigin.Watch)));
        Assert.Equal(0, expectations.Count);
    }

    [Fact]
    public void A_relist_is_newer_than_the_write_and_clears_it()
    {
        expectations.Wrote(Slice("a", "9", "uid-a"));

        // Someone edited it after our write while no watch was open: the relist shows their version.
        Assert.False(expectations.Observe(Change(ResourceChangeType.Updated, Slice("a", "15", "uid-a"), ResourceChangeOrigin.Relist)));

        Assert.Equal(0, expectations.Count);
        Assert.Equal("15", Assert.Single(expectations.Overlay([Slice("a", "15", "uid-a")])).Metadata.ResourceVersion);
    }

    [Fact]
    public void A_relist_served_before_the_write_landed_keeps_it_until_the_echo()
    {
        expectations.Wrote(Slice("a", "9", "uid-a"));

        // Someone's edit at 7, listed after a 410 just before our write at 9 landed.
        Assert.False(expectations.Observe(Change(ResourceChangeType.Updated, Slice("a", "7", "uid-a"), ResourceChangeOrigin.Relist)));

        Assert.Equal(1, expectations.Count);
        Assert.Equal("9", Assert.Single(expectations.Overlay([Slice("a", "7", "uid-a")])).Metadata.ResourceVersion);
        Assert.True(expectations.Observe(Change(ResourceChangeType.Updated, Slice("a", "9", "uid-a"), ResourceChangeOrigin.Watch)));
        Assert.Equal(0, expectations.Count);
    }

    [Fact]
    public void A_relist_served_before_our_delete_landed_keeps_the_object_hidden_until_its_deletion_arrives()
    {
        expectations.Deleted(Slice("a", "8", "uid-a"));

        Assert.False(expectations.Observe(Change(ResourceChangeType.Updated, Slice("a", "8", "uid-a"), ResourceChangeOrigin.Relist)));
        Assert.Empty(expectations.Overlay([Slice("a", "8", "uid-a")]));

        // A namesake someone created after our delete is newer than it.
        Assert.False(expectations.Observe(Change(ResourceChangeType.Added, Slice("a", "12", "uid-other"), ResourceChangeOrigin.Relist)));
        Assert.Equal(0, expectations.Count);
        Assert.Single(expectations.Overlay([Slice("a", "12", "uid-other")]));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("007")]
    public void A_relist_whose_version_cannot_be_ordered_is_taken_as_newer_than_the_write(string version)
    {
        expectations.Wrote(Slice("a", "9", "uid-a"));

        Assert.False(expectations.Observe(Change(ResourceChangeType.Updated, Slice("a", version, "uid-a"), ResourceChangeOrigin.Relist)));

        Assert.Equal(0, expectations.Count);
    }

    [Fact]
    public void An_echo_that_came_before_the_write_was_recorded_is_remembered_as_ours_and_leaves_no_expectation()
    {
        var early = Change(ResourceChangeType.Added, Slice("a", "9", "uid-a"), ResourceChangeOrigin.Watch);
        Assert.False(expectations.Observe(early));

        expectations.Wrote(Slice("a", "9", "uid-a"));

        Assert.Equal(0, expectations.Count);
        Assert.True(expectations.WasOurs(early));
        Assert.False(expectations.WasOurs(Change(ResourceChangeType.Updated, Slice("a", "10", "uid-a"), ResourceChangeOrigin.Watch)));
    }

    [Fact]
    public void A_delete_whose_event_came_first_leaves_no_tombstone_over_a_namesake()
    {
        Assert.False(expectations.Observe(Change(ResourceChangeType.Deleted, Slice("a", "9", "uid-a"), ResourceChangeOrigin.Watch)));

        expectations.Deleted(Slice("a", "8", "uid-a"));

        Assert.Equal(0, expectations.Count);
        Assert.Single(expectations.Overlay([Slice("a", "20", "uid-other")]));
    }

    private static ResourceChange<V1EndpointSlice> Change(ResourceChangeType type, V1EndpointSlice slice, ResourceChangeOrigin origin) => new(type, slice, null, origin);

    private static V1EndpointSlice Slice(string name, string resourceVersion, string uid) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", ResourceVersion = resourceVersion, Uid = uid },
        AddressType = "IPv4",
    };
}
