using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// Authentication and authorization of the fake in RBAC mode: bearer tokens map to identities as a
/// token authenticator would, every resource request is checked against the <see cref="RbacPolicy"/>,
/// and a refusal is the Status of k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go
/// (Forbidden, forbiddenMessage). What the product's service account was granted is recorded.
/// </summary>
public sealed class RequestAuthorizer
{
    private readonly RbacOptions options;
    private readonly ConcurrentDictionary<RbacGrant, bool> exercised = new();

    private readonly PodTokens pods;

    internal RequestAuthorizer(RbacOptions options, PodTokens pods)
    {
        this.options = options;
        this.pods = pods;
        Policy = RbacPolicy.Parse(options.Manifests);
        ProductUser = RequestUser.ServiceAccount(options.ServiceAccountNamespace, options.ServiceAccountName);
    }

    public RbacPolicy Policy { get; }

    /// <summary>The bearer token that authenticates as <see cref="ProductUser"/>.</summary>
    public string ProductToken => options.ServiceAccountToken;

    /// <summary>The service account the product runs as.</summary>
    public RequestUser ProductUser { get; }

    /// <summary>What the product's service account was granted so far, as (apiGroup, resource, verb).</summary>
    public IReadOnlySet<RbacGrant> Exercised => exercised.Keys.ToHashSet();

    internal RequestUser Authenticate(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return RequestUser.Anonymous;
        }

        var token = RequestClient.BearerToken(context);
        if (token == options.ServiceAccountToken || pods.PodOf(token) is not null)
        {
            return ProductUser;
        }

        return token == RbacOptions.AdminToken
            ? RequestUser.Admin
            : throw new ApiStatusException(ApiStatus.Failure(401, "Unauthorized", "Unauthorized"));
    }

    /// <summary>Discovery documents: the system:discovery and system:public-info-viewer roles of every cluster.</summary>
    internal static void AuthorizePath(RequestUser user, string path)
    {
        if (user == RequestUser.Anonymous && path.TrimEnd('/') != "/version")
        {
            throw new ApiStatusException(ApiStatus.Failure(403, "Forbidden", $"forbidden: User \"{user.Name}\" cannot get path \"{path}\"", []));
        }
    }

    /// <summary>403 unless granted; the message of forbiddenMessage, the Status of apierrors.NewForbidden.</summary>
    internal void Authorize(RequestUser user, AuthorizationRequest request)
    {
        if (!Allows(user, request))
        {
            throw new ApiStatusException(ApiStatus.Forbidden(request.Group, request.Resource, request.Name, ForbiddenMessage(user, request)));
        }
    }

    /// <summary>Whether the policy grants the request; a grant to the product's service account is recorded.</summary>
    internal bool Allows(RequestUser user, AuthorizationRequest request)
    {
        if (!Policy.Allows(user, request))
        {
            return false;
        }

        if (user == ProductUser)
        {
            exercised.TryAdd(new RbacGrant(request.Group, request.ResourceWithSubresource, request.Verb), true);
        }

        return true;
    }

    private static string ForbiddenMessage(RequestUser user, AuthorizationRequest request) =>
        request.Namespace is { Length: > 0 } ns
            ? $"User \"{user.Name}\" cannot {request.Verb} resource \"{request.ResourceWithSubresource}\" in API group \"{request.Group}\" in the namespace \"{ns}\""
            : $"User \"{user.Name}\" cannot {request.Verb} resource \"{request.ResourceWithSubresource}\" in API group \"{request.Group}\" at the cluster scope";
}
