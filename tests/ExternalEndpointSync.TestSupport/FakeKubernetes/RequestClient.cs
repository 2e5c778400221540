using Microsoft.AspNetCore.Http;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// Who sent a request, finer than the user: the pod of a pod-bound token (<see cref="PodTokens"/>),
/// else the authenticated user's name.
/// </summary>
internal static class RequestClient
{
    public static string? BearerToken(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
    }

    public static string Of(HttpContext context, RequestUser user, PodTokens pods) => pods.PodOf(BearerToken(context)) ?? user.Name;
}
