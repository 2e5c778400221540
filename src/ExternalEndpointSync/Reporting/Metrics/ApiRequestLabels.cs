using System.Text.RegularExpressions;

namespace ExternalEndpointSync.Reporting.Metrics;

/// <summary>
/// The verb and resource of a request to the Kubernetes API, read from its method and URL as the
/// API server's authorizer reads them (<c>GET</c> of a collection is <c>list</c>, with
/// <c>watch=true</c> it is <c>watch</c>; a subresource is <c>resource/subresource</c>). Both stay
/// bounded: the verbs are a fixed set and the resources are those the product's code calls;
/// anything else (discovery, a path that does not look like a resource) is <c>other</c>.
/// </summary>
public static partial class ApiRequestLabels
{
    public const string Other = "other";

    public static (string Verb, string Resource) Of(HttpMethod method, Uri uri)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(uri);
        if (Resource(uri.AbsolutePath.Trim('/').Split('/')) is not var (resource, named))
        {
            return (method == HttpMethod.Get ? "get" : Other, Other);
        }

        var watch = uri.Query.TrimStart('?').Split('&').Any(static p => p is "watch=true" or "watch=1");
        var verb = method.Method switch
        {
            "GET" when watch => "watch",
            "GET" => named ? "get" : "list",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => named ? "delete" : "deletecollection",
            _ => Other,
        };
        return (verb, resource);
    }

    /// <summary>The resource of <c>/api/v1/…</c> or <c>/apis/GROUP/VERSION/…</c>, and whether the URL names one object.</summary>
    private static (string Resource, bool Named)? Resource(string[] segments)
    {
        var start = segments is ["api", _, ..] ? 2 : segments is ["apis", _, _, ..] ? 3 : -1;
        if (start < 0)
        {
            return null;
        }

        var tail = segments[start..];
        if (tail is ["namespaces", _, _, ..])
        {
            tail = tail[2..];
        }

        var resource = tail switch
        {
            [var plural] => plural,
            [var plural, _] => plural,
            [var plural, _, var subresource] => $"{plural}/{subresource}",
            _ => null,
        };
        return resource is not null && Plural().IsMatch(resource) ? (resource, tail.Length > 1) : null;
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(/[a-z]+)?$")]
    private static partial Regex Plural();
}
