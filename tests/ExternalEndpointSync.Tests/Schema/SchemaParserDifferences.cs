namespace ExternalEndpointSync.Tests.Schema;

/// <summary>
/// What <c>validate</c> refuses but config/schema.json lets through, on purpose: each file in
/// ParserOnlyConfigs with why the schema cannot or does not say it. Editors therefore miss these; the
/// parser reports them with path and line. <see cref="SchemaOnlyCases"/> go the other way. README
/// "Config schema" lists the same differences.
/// </summary>
internal static class SchemaParserDifferences
{
    public static IReadOnlyDictionary<string, string> Cases { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["duration-above-maximum"] = "duration bounds: the schema checks a duration's syntax; a pattern cannot compare a sum of units with 24h",
        ["duration-below-minimum"] = "duration bounds, as above",
        ["min-ttl-above-max-ttl"] = "cross-field rule: minTtl ≤ maxTtl",
        ["probe-timeout-above-interval"] = "cross-field rule: healthCheck.timeout ≤ healthCheck.interval",
        ["duplicate-service-names"] = "cross-entry rule: namespace/name unique over services (and after defaults are merged)",
        ["duplicate-port-names"] = "cross-item rule: port names unique within a Service",
        ["unnamed-ports"] = "cross-item rule: with more than one port each needs a name",
        ["cluster-ip-without-ports"] = "rule over the merged entry: a ClusterIP service needs a port, and its type may come from defaults",
        ["reversed-status-range"] = "a range's order: 299-200 matches the NNN-NNN pattern",
        ["nameserver-port-out-of-range"] = "a name server port above 65535 matches the pattern's five digits",
        ["cidr-with-host-bits"] = "a CIDR's bits after its prefix length: a pattern cannot relate the address to the length",
        ["duplicate-namespace-override"] = "cross-item rule: one namespace override per namespace",
        ["selector-in-without-values"] = "rule over one selector requirement: In and NotIn need values, Exists and DoesNotExist take none",
        ["yaml11-boolean-yes"] = "YAML 1.1 booleans: YAML 1.1 readers (PyYAML, many editors) read yes as true; the parser reads YAML 1.2 and refuses it",
    };

    /// <summary>The other way: files in SchemaOnlyConfigs that the schema refuses and <c>validate</c> accepts.</summary>
    public static IReadOnlyDictionary<string, string> SchemaOnlyCases { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["unquoted-number-as-string"] = "the parser reads a plain scalar as the string a string field wants; the schema sees YAML's integer and wants it quoted",
    };
}
