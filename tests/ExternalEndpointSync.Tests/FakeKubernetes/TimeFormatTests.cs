using System.Net;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>
/// metav1.Time and metav1.MicroTime decoding (apimachinery pkg/apis/meta/v1/time.go and micro_time.go:
/// time.Parse with time.RFC3339 / RFC3339Micro); the 400 text is transformDecodeError's
/// (apiserver pkg/endpoints/handlers/create.go) around Go's time.ParseError (src/time/format.go).
/// </summary>
public sealed class TimeFormatTests : FakeApiTestBase
{
    private const string LeasePath = "/apis/coordination.k8s.io/v1/namespaces/default/leases";

    private static string LeaseBody(string renewTime) =>
        $$$"""{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"l"},"spec":{"holderIdentity":"a","renewTime":"{{{renewTime}}}"}}""";

    [Fact]
    public async Task Lease_renew_time_in_whole_seconds_is_a_decode_error()
    {
        var (response, body) = await SendAsync(HttpMethod.Post, LeasePath, LeaseBody("2026-01-02T03:04:05Z"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadRequest", body["reason"]!.GetValue<string>());
        Assert.Equal(
            "Lease in version \"v1\" cannot be handled as a Lease: parsing time \"2026-01-02T03:04:05Z\" as \"2006-01-02T15:04:05.000000Z07:00\": cannot parse \"Z\" as \".000000\"",
            body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Lease_renew_time_with_six_fractional_digits_is_accepted()
    {
        var (response, _) = await SendAsync(HttpMethod.Post, LeasePath, LeaseBody("2026-01-02T03:04:05.123456+01:00"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("2026-01-02T03:04:05.123Z", true, "cannot parse \".123Z\" as \".000000\"")]
    [InlineData("2026-01-02T03:04:05.1234567Z", true, "cannot parse \"7Z\" as \"Z07:00\"")]
    [InlineData("2026-01-02 03:04:05Z", false, "cannot parse \" 03:04:05Z\" as \"T\"")]
    [InlineData("2026-13-02T03:04:05Z", false, ": month out of range")]
    [InlineData("2026-02-30T03:04:05Z", false, ": day out of range")]
    [InlineData("2026-01-02T03:04:05", false, "cannot parse \"\" as \"Z07:00\"")]
    public void Go_layouts_refuse_what_time_Parse_refuses(string value, bool micro, string expected)
    {
        Assert.EndsWith(expected, GoTimeLayout.Check(value, micro));
    }

    [Theory]
    [InlineData("2026-01-02T03:04:05Z", false)]
    [InlineData("2026-01-02T03:04:05.5Z", false)]
    [InlineData("2026-01-02T3:04:05-07:00", false)]
    [InlineData("2026-01-02T03:04:05.000001Z", true)]
    public void Go_layouts_accept_what_time_Parse_accepts(string value, bool micro)
    {
        Assert.Null(GoTimeLayout.Check(value, micro));
    }

    [Fact]
    public async Task Event_last_timestamp_must_be_rfc3339()
    {
        const string body = """{"apiVersion":"v1","kind":"Event","metadata":{"name":"e"},"involvedObject":{"kind":"Service","name":"web","namespace":"default"},"reason":"Synced","lastTimestamp":"yesterday"}""";

        var (response, status) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/events", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\"", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_real_client_leader_elector_acquires_a_lease()
    {
        var leaseLock = new LeaseLock(Client, "default", "leader", "replica-a");
        using var elector = new LeaderElector(new LeaderElectionConfig(leaseLock)
        {
            LeaseDuration = TimeSpan.FromSeconds(15),
            RenewDeadline = TimeSpan.FromSeconds(10),
            RetryPeriod = TimeSpan.FromSeconds(2),
        });
        var leading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        elector.OnStartedLeading += () => leading.TrySetResult();
        using var stop = new CancellationTokenSource();

        var run = elector.RunUntilLeadershipLostAsync(stop.Token);
        await leading.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await stop.CancelAsync();

        // Stopped while waiting to renew, the elector ends with a cancellation; either ending is fine.
        await run.ContinueWith(static _ => { }, TaskScheduler.Default);

        var (_, lease) = await SendAsync(HttpMethod.Get, $"{LeasePath}/leader");
        Assert.Equal("replica-a", lease["spec"]!["holderIdentity"]!.GetValue<string>());
        Assert.Null(GoTimeLayout.Check(lease["spec"]!["renewTime"]!.GetValue<string>(), micro: true));
    }
}
