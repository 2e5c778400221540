using ExternalEndpointSync.Reporting.Metrics;

namespace ExternalEndpointSync.Tests.Reporting.Metrics;

/// <summary>The verb and resource of a request, read from its method and URL as the API server's authorizer reads them.</summary>
public sealed class ApiRequestLabelsTests
{
    [Theory]
    [InlineData("GET", "/api/v1/namespaces/web/services", "list", "services")]
    [InlineData("GET", "/api/v1/namespaces/web/services/legacy-api", "get", "services")]
    [InlineData("GET", "/apis/discovery.k8s.io/v1/endpointslices?labelSelector=a%3Db&watch=true&timeoutSeconds=300", "watch", "endpointslices")]
    [InlineData("GET", "/apis/discovery.k8s.io/v1/namespaces/web/endpointslices?watch=1", "watch", "endpointslices")]
    [InlineData("GET", "/apis/discovery.k8s.io/v1/endpointslices?watch=false", "list", "endpointslices")]
    [InlineData("POST", "/apis/discovery.k8s.io/v1/namespaces/web/endpointslices", "create", "endpointslices")]
    [InlineData("PUT", "/apis/coordination.k8s.io/v1/namespaces/external-endpoint-sync/leases/external-endpoint-sync", "update", "leases")]
    [InlineData("PATCH", "/apis/events.k8s.io/v1/namespaces/web/events/legacy-api.1", "patch", "events")]
    [InlineData("DELETE", "/api/v1/namespaces/web/endpoints/legacy-api", "delete", "endpoints")]
    [InlineData("DELETE", "/api/v1/namespaces/web/endpoints", "deletecollection", "endpoints")]
    [InlineData("PUT", "/apis/externalendpoints.io/v1alpha1/namespaces/payments/externalservices/orders-db/status", "update", "externalservices/status")]
    [InlineData("GET", "/api/v1/nodes", "list", "nodes")]
    [InlineData("GET", "/api/v1/namespaces", "list", "namespaces")]
    [InlineData("GET", "/api/v1/namespaces/web", "get", "namespaces")]
    [InlineData("GET", "/version", "get", "other")]
    [InlineData("GET", "/apis/discovery.k8s.io/v1", "get", "other")]
    [InlineData("GET", "/api/v1/namespaces/web/services/a/b/c", "get", "other")]
    [InlineData("GET", "/api/v1/namespaces/web/Services_%20x", "get", "other")]
    [InlineData("OPTIONS", "/api/v1/namespaces/web/services", "other", "services")]
    public void A_request_is_labelled_by_the_verb_and_resource_the_API_server_authorizes(string method, string path, string verb, string resource) =>
        Assert.Equal((verb, resource), ApiRequestLabels.Of(new HttpMethod(method), new Uri(new Uri("https://10.0.0.1:6443"), path)));
}
