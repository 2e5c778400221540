using System.Net;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>limitedReadBody (apiserver pkg/endpoints/handlers/rest.go) with MaxRequestBodyBytes 3 MiB
/// (apiserver pkg/server/config.go).</summary>
public sealed class RequestSizeTests : FakeApiTestBase
{
    [Fact]
    public async Task A_body_over_three_mebibytes_is_413()
    {
        var body = $$$"""{"apiVersion":"v1","kind":"Service","metadata":{"name":"big","annotations":{"a":"{{{new string('x', 3 * 1024 * 1024)}}}"}},"spec":{"ports":[{"port":80}]}}""";

        var (response, status) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/services", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("RequestEntityTooLarge", status["reason"]!.GetValue<string>());
        Assert.Equal("Request entity too large: limit is 3145728", status["message"]!.GetValue<string>());
    }
}
