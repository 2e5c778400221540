namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>A resource URL taken apart: /api/v1/namespaces/{ns}/{plural}/{name}/{subresource} and friends.</summary>
internal sealed record ApiPath(string Group, string Version, string Plural, string? Namespace, string? Name, string? Subresource, bool LegacyWatch)
{
    public static ApiPath? Parse(string path)
    {
        var segments = path.Trim('/').Split('/');
        string group;
        string version;
        int rest;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            (group, version, rest) = (string.Empty, segments[1], 2);
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], 3);
        }
        else
        {
            return null;
        }

        var tail = segments[rest..].Select(Uri.UnescapeDataString).ToList();
        var legacyWatch = tail.Count > 0 && tail[0] == "watch";
        if (legacyWatch)
        {
            tail.RemoveAt(0);
        }

        if (tail.Count >= 3 && tail[0] == "namespaces")
        {
            return tail.Count <= 5
                ? new ApiPath(group, version, tail[2], tail[1], tail.ElementAtOrDefault(3), tail.ElementAtOrDefault(4), legacyWatch)
                : null;
        }

        return tail.Count is >= 1 and <= 3
            ? new ApiPath(group, version, tail[0], null, tail.ElementAtOrDefault(1), tail.ElementAtOrDefault(2), legacyWatch)
            : null;
    }
}
