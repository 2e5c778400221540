using System.Globalization;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

public sealed class FaultInjectionTests : FakeApiTestBase
{
    [Fact]
    public async Task Conflict_fault_applies_the_given_number_of_times_and_writes_nothing()
    {
        var created = await Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("s", "IPv4", "192.0.2.1"), "default");
        Server.Faults.Enqueue(new Fault { Verb = "update", Resource = "endpointslices", StatusCode = 409, Times = 3 });
        created.Endpoints.Add(new V1Endpoint { Addresses = ["192.0.2.2"] });

        for (var i = 0; i < 3; i++)
        {
            var status = await ApiAssert.FailsAsync(409, () => Client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(created, "s", "default"));
            Assert.Equal("Conflict", (string?)status["reason"]);
            Assert.Equal("Operation cannot be fulfilled on endpointslices.discovery.k8s.io \"s\": the object has been modified; please apply your changes to the latest version and try again", (string?)status["message"]);
            Assert.Single(Server.Store.Get<V1EndpointSlice>("default", "s")!.Endpoints);
        }

        var updated = await Client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(created, "s", "default");

        Assert.Equal(2, updated.Endpoints.Count);
        Assert.Equal(1, Server.Writes.Count("update", "endpointslices"));
        Assert.Equal(0, Server.Faults.Pending);
    }

    [Fact]
    public async Task Fault_answers_before_the_object_is_stored()
    {
        Server.Faults.Enqueue(new Fault { Verb = "create", StatusCode = 500 });

        var status = await ApiAssert.FailsAsync(500, () => Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web"), "default"));

        Assert.Equal("InternalError", (string?)status["reason"]);
        Assert.Null(Server.Store.Get<V1Service>("default", "web"));
        Assert.Equal(0, Server.Writes.Total);
    }

    [Fact]
    public async Task Faults_match_only_their_verb_and_resource()
    {
        Server.Faults.Enqueue(new Fault { Verb = "create", Resource = "endpointslices", StatusCode = 503 });

        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web"), "default");
        await Client.DiscoveryV1.ListNamespacedEndpointSliceAsync("default");
        var status = await ApiAssert.FailsAsync(503, () => Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("s", "IPv4", "192.0.2.1"), "default"));

        Assert.Equal("ServiceUnavailable", (string?)status["reason"]);
    }

    [Fact]
    public async Task Too_many_requests_fault_sends_retry_after()
    {
        Server.Faults.Enqueue(new Fault { Verb = "list", StatusCode = 429, RetryAfterSeconds = 2 });

        var (response, body) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/services");

        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal("TooManyRequests", (string?)body["reason"]);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Drop_connection_aborts_without_a_response_and_stores_nothing()
    {
        Server.Faults.Enqueue(new Fault { Verb = "create", Resource = "services", DropConnection = true });

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web"), "default"));

        Assert.Null(Server.Store.Get<V1Service>("default", "web"));
    }

    [Fact]
    public async Task Clear_removes_pending_faults()
    {
        Server.Faults.Enqueue(new Fault { StatusCode = 500, Times = 5 });

        Server.Faults.Clear();
        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web"), "default");

        Assert.Equal(0, Server.Faults.Pending);
    }

    [Fact]
    public async Task Delay_holds_the_answer_until_the_injected_clock_has_passed_it()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));
        await using var server = await FakeKubernetesApiServer.StartAsync(time);
        using var client = server.CreateClient();
        server.Faults.Enqueue(new Fault { Verb = "list", Delay = TimeSpan.FromSeconds(10) });

        var list = client.CoreV1.ListNamespacedServiceAsync("default");
        while (server.Faults.Pending > 0)
        {
            await Task.Yield();
        }

        var answeredBeforeClockMoved = list.IsCompleted;
        while (!list.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            await Task.WhenAny(list, Task.Delay(TimeSpan.FromMilliseconds(20)));
        }

        Assert.False(answeredBeforeClockMoved);
        Assert.Empty((await list).Items);
    }
}
