using System.Net;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>
/// A patch whose result carries a malformed metav1.Time / MicroTime fails in the patcher's decode of
/// the patched object (handlers/patch.go applyPatchToCurrentObject / applyPatchToObject): a non-strict
/// decode error, so 422 Invalid on the field "patch" with an empty kind and name, whatever fieldValidation says.
/// </summary>
public sealed class PatchTimeFormatTests : FakeApiTestBase
{
    private const string Leases = "/apis/coordination.k8s.io/v1/namespaces/default/leases";

    private async Task CreateLeaseAsync()
    {
        var (created, _) = await SendAsync(HttpMethod.Post, Leases,
            """{"metadata":{"name":"l"},"spec":{"holderIdentity":"a","renewTime":"2026-01-02T03:04:05.000000Z"}}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Theory]
    [InlineData("application/merge-patch+json", """{"spec":{"renewTime":"2026-01-02T03:04:05Z"}}""")]
    [InlineData("application/strategic-merge-patch+json", """{"spec":{"renewTime":"2026-01-02T03:04:05Z"}}""")]
    [InlineData("application/json-patch+json", """[{"op":"replace","path":"/spec/renewTime","value":"2026-01-02T03:04:05Z"}]""")]
    public async Task Micro_time_in_whole_seconds_is_422_on_patch(string contentType, string patch)
    {
        await CreateLeaseAsync();

        var (response, status) = await SendAsync(HttpMethod.Patch, $"{Leases}/l", patch, contentType);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Invalid", (string?)status["reason"]);
        var message = (string)status["message"]!;
        Assert.StartsWith(" \"\" is invalid: patch: Invalid value: \"", message, StringComparison.Ordinal);
        Assert.EndsWith("\": parsing time \"2026-01-02T03:04:05Z\" as \"2006-01-02T15:04:05.000000Z07:00\": cannot parse \"Z\" as \".000000\"", message, StringComparison.Ordinal);
        Assert.Equal("patch", (string?)status["details"]!["causes"]![0]!["field"]);
        var (_, read) = await SendAsync(HttpMethod.Get, $"{Leases}/l");
        Assert.Equal("2026-01-02T03:04:05.000000Z", (string?)read["spec"]!["renewTime"]);
    }

    [Fact]
    public async Task Micro_time_with_six_digits_patches()
    {
        await CreateLeaseAsync();

        var (response, body) = await SendAsync(HttpMethod.Patch, $"{Leases}/l", """{"spec":{"renewTime":"2026-01-02T03:04:06.000001Z"}}""", "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2026-01-02T03:04:06.000001Z", (string?)body["spec"]!["renewTime"]);
    }

    [Fact]
    public async Task A_bad_event_timestamp_is_refused_before_strict_field_errors()
    {
        var (created, _) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/events",
            """{"metadata":{"name":"e"},"involvedObject":{"kind":"Service","name":"web","namespace":"default"},"reason":"Synced"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var (response, status) = await SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/events/e?fieldValidation=Strict",
            """{"lastTimestamp":"yesterday","foo":1}""", "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var message = (string)status["message"]!;
        Assert.EndsWith("cannot parse \"yesterday\" as \"2006\"", message, StringComparison.Ordinal);
        Assert.DoesNotContain("strict decoding error", message, StringComparison.Ordinal);
    }
}
