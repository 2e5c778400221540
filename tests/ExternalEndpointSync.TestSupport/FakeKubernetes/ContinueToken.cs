using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>The list paging token: the list's resourceVersion and the key to continue after, base64 JSON.</summary>
internal sealed record ContinueToken(long ResourceVersion, ObjectKey After)
{
    public string Encode() => Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject
    {
        ["v"] = "meta.k8s.io/v1",
        ["rv"] = ResourceVersion,
        ["start"] = $"{After.Namespace}/{After.Name}",
    }.ToJsonString()));

    /// <exception cref="ApiStatusException">400 when the token is not one this server made.</exception>
    public static ContinueToken Decode(string token)
    {
        try
        {
            var json = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)));
            var start = json.StringOrNull("start") ?? throw new FormatException("no start key");
            var slash = start.IndexOf('/', StringComparison.Ordinal);
            if (json.StringOrNull("v") != "meta.k8s.io/v1" || json.IntegerOrNull("rv") is not { } rv || slash < 0)
            {
                throw new FormatException("unknown token format");
            }

            return new ContinueToken(rv, new ObjectKey(start[..slash], start[(slash + 1)..]));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw new ApiStatusException(ApiStatus.BadRequest($"invalid continue token: {e.Message}"));
        }
    }
}
