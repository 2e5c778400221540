using ExternalEndpointSync.Model;
using k8s.Models;

namespace ExternalEndpointSync.Planning;

/// <summary>
/// Which IP families a Service asks for and which the cluster serves for it. The request follows
/// the families of the addresses published: IPv6 only asks <c>SingleStack [IPv6]</c>, both ask
/// <c>PreferDualStack</c> (no families named, so the cluster's primary comes first and a
/// single-stack cluster still accepts it), IPv4 only or none asks nothing (the cluster's default).
/// Headless Services ask nothing: selectorless headless Services get both families on any cluster.
/// <para>
/// The product learns what the cluster serves from the Service the server answered: its
/// <c>spec.ipFamilies</c> as read back. Addresses of another family are not published (kube-proxy
/// ignores slices of a family the Service does not have) and are reported. For a Service created or
/// upgraded to PreferDualStack in the same plan nothing is known yet, so the request is assumed
/// granted; the writer then leaves out the slice creates of a family the written Service does not
/// report and reports that family as not served, so a single-stack cluster converges in one sync.
/// </para>
/// </summary>
internal static class ServiceFamilies
{
    public const string IPv4 = "IPv4";
    public const string IPv6 = "IPv6";
    public const string SingleStack = "SingleStack";
    public const string PreferDualStack = "PreferDualStack";

    /// <summary>Sets the family fields a new Service asks for.</summary>
    public static void Request(V1ServiceSpec spec, ServiceType type, IReadOnlyList<AcceptedEndpoint> endpoints)
    {
        if (type != ServiceType.ClusterIP)
        {
            return;
        }

        var ipv6 = endpoints.Any(static e => e.IsIPv6);
        var ipv4 = endpoints.Any(static e => !e.IsIPv6);
        if (ipv6 && ipv4)
        {
            spec.IpFamilyPolicy = PreferDualStack;
        }
        else if (ipv6)
        {
            spec.IpFamilyPolicy = SingleStack;
            spec.IpFamilies = [IPv6];
        }
    }

    /// <summary>
    /// True when the current Service grants the request as far as it can still change: a
    /// single-stack Service is upgraded to PreferDualStack when both families are published; its
    /// primary family is immutable, so it is never asked to change.
    /// </summary>
    public static bool IsGranted(V1ServiceSpec current, V1ServiceSpec desired) =>
        desired.IpFamilyPolicy != PreferDualStack || current.IpFamilyPolicy is PreferDualStack or "RequireDualStack";

    /// <summary>
    /// The families the Service serves: what the server answered, else (not created yet, or being
    /// upgraded to PreferDualStack in this plan) what is asked.
    /// </summary>
    public static IReadOnlySet<string> Served(V1Service? current, V1Service desired)
    {
        if (current?.Spec is { IpFamilies: { Count: > 0 } answered } spec && IsGranted(spec, desired.Spec))
        {
            return answered.ToHashSet(StringComparer.Ordinal);
        }

        return desired.Spec.IpFamilies is { Count: > 0 } asked
            ? asked.ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>([IPv4, IPv6], StringComparer.Ordinal);
    }
}
