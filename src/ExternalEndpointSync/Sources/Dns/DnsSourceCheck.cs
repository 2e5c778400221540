using System.Diagnostics.CodeAnalysis;
using System.Net;
using DnsClient;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources.Dns;

/// <summary>What makes a <see cref="DnsSourceSpec"/> unusable however DNS answers: the configuration's fault.</summary>
internal static class DnsSourceCheck
{
    /// <summary>Checks <paramref name="spec"/> and parses its name servers on the way.</summary>
    public static bool IsUsable(DnsSourceSpec spec, [NotNullWhen(true)] out IReadOnlyList<IPEndPoint>? nameservers, [NotNullWhen(false)] out string? problem)
    {
        problem = Problem(spec);
        nameservers = null;
        return problem is null && DnsNameservers.TryParse(spec.Nameservers, out nameservers, out problem);
    }

    private static string? Problem(DnsSourceSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.Name) || spec.Name == ".")
        {
            return "dns name is empty";
        }

        var labels = spec.Name.TrimEnd('.').Split('.');
        if (labels.Any(static label => label.Length is 0 or > 63) || spec.Name.TrimEnd('.').Length > 253)
        {
            return $"dns name \"{spec.Name}\" is not a valid domain name: labels must be 1 to 63 characters, the name at most 253";
        }

        try
        {
            DnsString.Parse(spec.Name);
        }
        catch (ArgumentException exception)
        {
            return $"dns name \"{spec.Name}\" is not a valid domain name: {exception.Message}";
        }

        if (spec.MinTtl <= TimeSpan.Zero || spec.MaxTtl < spec.MinTtl)
        {
            return $"dns minTtl ({spec.MinTtl}) must be positive and at most maxTtl ({spec.MaxTtl})";
        }

        if (spec.EmptyAfter < 1)
        {
            return $"dns emptyAfter ({spec.EmptyAfter}) must be at least 1";
        }

        if (spec.Timeout <= TimeSpan.Zero || spec.Retries < 0)
        {
            return $"dns timeout ({spec.Timeout}) must be positive and retries ({spec.Retries}) not negative";
        }

        return null;
    }
}
