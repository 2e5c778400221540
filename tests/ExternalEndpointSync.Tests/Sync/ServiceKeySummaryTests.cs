using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sync;

namespace ExternalEndpointSync.Tests.Sync;

public sealed class ServiceKeySummaryTests
{
    [Fact]
    public void Up_to_the_cap_every_service_is_named_in_order()
    {
        ServiceKey[] services = [new("web", "b"), new("db", "a"), new("web", "a")];

        Assert.Equal("db/a, web/a, web/b", ServiceKeySummary.Of(services));
    }

    [Fact]
    public void Ten_thousand_services_give_a_line_of_five_names_and_a_count()
    {
        var services = Enumerable.Range(0, 10_000).Select(i => new ServiceKey("default", $"svc-{i:D5}")).ToHashSet();

        var summary = ServiceKeySummary.Of(services);

        Assert.Equal("default/svc-00000, default/svc-00001, default/svc-00002, default/svc-00003, default/svc-00004 and 9,995 more", summary);
        Assert.Equal(10_000, ServiceKeySummary.All(services).Split(", ").Length);
    }
}
