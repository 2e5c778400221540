using System.Globalization;

namespace ExternalEndpointSync.Reporting.Metrics;

/// <summary>
/// Counts every request the Kubernetes client sends, by verb, resource and the HTTP code of the
/// answer (<c>none</c> without one), as client-go's <c>rest_client_requests_total</c> does: in the
/// client's handler chain, so that no caller (writer, watch cache, Lease, Events, status, the
/// ExternalService watch) can send one uncounted. A watch counts when its stream opens.
/// </summary>
public sealed class ApiRequestMetering(SyncMetrics metrics) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (verb, resource) = request.RequestUri is { } uri ? ApiRequestLabels.Of(request.Method, uri) : (ApiRequestLabels.Other, ApiRequestLabels.Other);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // No answer (refused, reset, timed out); a request its caller gave up on is not the API's doing.
            metrics.ApiRequested(verb, resource, "none");
            throw;
        }

        metrics.ApiRequested(verb, resource, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
        return response;
    }
}
