using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources.Dns;

/// <summary>What is asked and of whom; registrations with equal keys share one answer.</summary>
internal readonly record struct DnsQuestionKey(string Nameservers, string Name, DnsRecordType Type)
{
    public static DnsQuestionKey For(DnsSourceSpec spec, DnsLookupSettings settings) =>
        new(string.Join(',', settings.Nameservers), spec.Name.Value.ToLowerInvariant(), spec.Type);
}
