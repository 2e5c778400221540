using System.Net;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>
/// Unknown and repeated fields in built-in kinds (KEP-2885 server-side field validation): Go's decoder
/// drops unknown fields and keeps the last repeated key; fieldValidation Warn (the default) answers
/// each as a Warning (addStrictDecodingWarnings), Strict refuses (transformDecodeError's 400 for
/// create/update, the patcher's 422 on "patch" in handlers/patch.go), Ignore says nothing; other
/// values are 422 from ValidateFieldValidation (apimachinery meta/v1/validation).
/// </summary>
public sealed class UnknownFieldTests : FakeApiTestBase
{
    private const string Services = "/api/v1/namespaces/default/services";
    private const string WithUnknown = """{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"foo":1,"ports":[{"port":80,"bar":"x"}]}}""";

    private static IReadOnlyList<string> Warnings(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues("Warning", out var values) ? [.. values] : [];

    [Fact]
    public async Task Unknown_fields_are_dropped_with_one_warning_each_by_default()
    {
        var (response, body) = await SendAsync(HttpMethod.Post, Services, WithUnknown);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["299 - \"unknown field \\\"spec.foo\\\"\"", "299 - \"unknown field \\\"spec.ports[0].bar\\\"\""], Warnings(response));
        Assert.Null(body["spec"]!["foo"]);
        Assert.Null(body["spec"]!["ports"]![0]!["bar"]);
        var (_, read) = await SendAsync(HttpMethod.Get, $"{Services}/web");
        Assert.Null(read["spec"]!["foo"]);
    }

    [Fact]
    public async Task Known_fields_maps_and_the_real_client_get_no_warning()
    {
        var service = SelectorlessService("web");
        service.Metadata.Labels = new Dictionary<string, string> { ["any.example/key"] = "v" };
        service.Metadata.Annotations = new Dictionary<string, string> { ["note"] = "n" };

        var (response, body) = await SendAsync(HttpMethod.Post, Services, Json(service));
        var slice = await SendAsync(HttpMethod.Post, "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices", Json(Slice("s", "IPv4", "10.0.0.1")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Empty(Warnings(response));
        Assert.Empty(Warnings(slice.Response));
        Assert.Equal("v", (string?)body["metadata"]!["labels"]!["any.example/key"]);
    }

    [Fact]
    public async Task Strict_refuses_and_lists_every_unknown_field()
    {
        var (response, body) = await SendAsync(HttpMethod.Post, $"{Services}?fieldValidation=Strict", WithUnknown);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadRequest", (string?)body["reason"]);
        Assert.Equal(
            "Service in version \"v1\" cannot be handled as a Service: strict decoding error: unknown field \"spec.foo\", unknown field \"spec.ports[0].bar\"",
            (string?)body["message"]);
        Assert.Null(Server.Store.Get<V1Service>("default", "web"));
    }

    [Fact]
    public async Task Strict_accepts_a_body_without_unknown_fields()
    {
        var (response, _) = await SendAsync(HttpMethod.Post, $"{Services}?fieldValidation=Strict", Json(SelectorlessService("web")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Ignore_drops_silently()
    {
        var (response, body) = await SendAsync(HttpMethod.Post, $"{Services}?fieldValidation=Ignore", WithUnknown);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Empty(Warnings(response));
        Assert.Null(body["spec"]!["foo"]);
    }

    [Theory]
    [InlineData("POST", "", "CreateOptions")]
    [InlineData("PUT", "/web", "UpdateOptions")]
    [InlineData("PATCH", "/web", "PatchOptions")]
    public async Task An_unknown_directive_is_422_on_the_options_kind(string method, string suffix, string options)
    {
        await SendAsync(HttpMethod.Post, Services, Json(SelectorlessService("web")));
        var contentType = method == "PATCH" ? "application/merge-patch+json" : "application/json";

        var (response, body) = await SendAsync(new HttpMethod(method), $"{Services}{suffix}?fieldValidation=warn", method == "PATCH" ? "{}" : Json(SelectorlessService("web")), contentType);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(
            $"{options}.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: \"warn\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"",
            (string?)body["message"]);
    }

    [Fact]
    public async Task Repeated_keys_keep_the_last_value_and_warn()
    {
        const string body = """{"apiVersion":"v1","kind":"Service","metadata":{"name":"old","name":"web"},"spec":{"ports":[{"port":80}]}}""";

        var (response, created) = await SendAsync(HttpMethod.Post, Services, body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("web", (string?)created["metadata"]!["name"]);
        Assert.Equal(["299 - \"duplicate field \\\"metadata.name\\\"\""], Warnings(response));
    }

    [Fact]
    public async Task Repeated_keys_under_strict_are_refused()
    {
        const string body = """{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"ports":[{"port":80,"port":81}],"foo":1}}""";

        var (response, status) = await SendAsync(HttpMethod.Post, $"{Services}?fieldValidation=Strict", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.EndsWith("strict decoding error: duplicate field \"spec.ports[0].port\", unknown field \"spec.foo\"", (string?)status["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_bodies_are_checked_too()
    {
        await SendAsync(HttpMethod.Post, Services, Json(SelectorlessService("web")));

        var (warned, _) = await SendAsync(HttpMethod.Put, $"{Services}/web", WithUnknown);
        var (strict, _) = await SendAsync(HttpMethod.Put, $"{Services}/web?fieldValidation=Strict", WithUnknown);

        Assert.Equal(HttpStatusCode.OK, warned.StatusCode);
        Assert.Contains("299 - \"unknown field \\\"spec.foo\\\"\"", Warnings(warned));
        Assert.Equal(HttpStatusCode.BadRequest, strict.StatusCode);
    }

    [Fact]
    public async Task A_patch_that_adds_an_unknown_field_is_dropped_with_a_warning()
    {
        await SendAsync(HttpMethod.Post, Services, Json(SelectorlessService("web")));

        var (response, body) = await SendAsync(HttpMethod.Patch, $"{Services}/web", """{"spec":{"foo":1}}""", "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["299 - \"unknown field \\\"spec.foo\\\"\""], Warnings(response));
        Assert.Null(body["spec"]!["foo"]);
    }

    [Fact]
    public async Task A_strict_patch_with_an_unknown_field_is_422_on_patch()
    {
        await SendAsync(HttpMethod.Post, Services, Json(SelectorlessService("web")));

        var (response, status) = await SendAsync(HttpMethod.Patch, $"{Services}/web?fieldValidation=Strict", """{"spec":{"foo":1}}""", "application/strategic-merge-patch+json");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(" \"\" is invalid: patch: Invalid value: \"{\\\"spec\\\":{\\\"foo\\\":1}}\": strict decoding error: unknown field \"spec.foo\"", (string?)status["message"]);
        Assert.Equal("patch", (string?)status["details"]!["causes"]![0]!["field"]);
        Assert.Null(Server.Store.Get<V1Service>("default", "web")!.Spec.ExternalName);
    }

    [Fact]
    public async Task Repeated_keys_in_a_patch_warn_with_the_patchers_prefix()
    {
        await SendAsync(HttpMethod.Post, Services, Json(SelectorlessService("web")));

        var (merge, _) = await SendAsync(HttpMethod.Patch, $"{Services}/web", """{"metadata":{"labels":{"a":"1","a":"2"}}}""", "application/merge-patch+json");
        var (json, body) = await SendAsync(HttpMethod.Patch, $"{Services}/web", """[{"op":"add","op":"replace","path":"/metadata/labels/a","value":"3"}]""", "application/json-patch+json");

        Assert.Equal(["299 - \"duplicate field \\\"metadata.labels.a\\\"\""], Warnings(merge));
        Assert.Equal(["299 - \"json patch duplicate field \\\"[0].op\\\"\""], Warnings(json));
        Assert.Equal("3", (string?)body["metadata"]!["labels"]!["a"]);
    }

    [Fact]
    public async Task Lease_event_endpoints_and_namespace_fields_are_known()
    {
        var lease = await SendAsync(HttpMethod.Post, "/apis/coordination.k8s.io/v1/namespaces/default/leases?fieldValidation=Strict",
            """{"metadata":{"name":"l"},"spec":{"holderIdentity":"a","leaseDurationSeconds":15,"renewTime":"2026-01-02T03:04:05.000000Z","leaseTransitions":0}}""");
        var ns = await SendAsync(HttpMethod.Post, "/api/v1/namespaces?fieldValidation=Strict", """{"metadata":{"name":"n"},"spec":{"finalizers":["kubernetes"]}}""");
        var endpoints = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/endpoints?fieldValidation=Strict",
            """{"metadata":{"name":"e"},"subsets":[{"addresses":[{"ip":"10.0.0.1","hostname":"h","targetRef":{"kind":"Pod","name":"p"}}],"ports":[{"port":80}]}]}""");
        var unknownLease = await SendAsync(HttpMethod.Post, "/apis/coordination.k8s.io/v1/namespaces/default/leases?fieldValidation=Strict",
            """{"metadata":{"name":"m"},"spec":{"holder":"a"}}""");

        Assert.Equal(HttpStatusCode.Created, lease.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Created, ns.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Created, endpoints.Response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownLease.Response.StatusCode);
        Assert.EndsWith("unknown field \"spec.holder\"", (string?)unknownLease.Body["message"], StringComparison.Ordinal);
    }
}
