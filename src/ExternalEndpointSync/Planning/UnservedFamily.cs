namespace ExternalEndpointSync.Planning;

/// <summary>Addresses of an IP family the Service does not have (a single-stack cluster), which were not published.</summary>
public sealed record UnservedFamily(string Family, int Addresses, IReadOnlyList<string> ServedFamilies)
{
    public string Describe() =>
        $"{Family} is not served: {Addresses} {Family} address(es) not published, the Service has ipFamilies [{string.Join(", ", ServedFamilies)}] (the cluster is not dual-stack, or the Service's primary family is immutable)";
}
