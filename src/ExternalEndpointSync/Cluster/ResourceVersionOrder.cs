namespace ExternalEndpointSync.Cluster;

/// <summary>
/// The order of two resourceVersions of one resource, as KEP-5504 (stable in Kubernetes 1.35,
/// client-go's <c>CompareResourceVersion</c>) defines it: both positive decimal integers without
/// leading zeros, of any length. Older servers never promised it, so anything else is not comparable.
/// </summary>
public static class ResourceVersionOrder
{
    /// <returns>Negative, zero or positive as <paramref name="a"/> is older than, the same as or newer than <paramref name="b"/>; null when either is not comparable.</returns>
    public static int? Compare(string? a, string? b)
    {
        if (!Comparable(a) || !Comparable(b))
        {
            return null;
        }

        return a!.Length != b!.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
    }

    private static bool Comparable(string? version) =>
        version is { Length: > 0 } && version[0] != '0' && version.All(static c => c is >= '0' and <= '9');
}
