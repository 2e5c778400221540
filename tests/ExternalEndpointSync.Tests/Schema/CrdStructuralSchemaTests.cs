using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Tests.Schema;

/// <summary>
/// The committed ExternalService CRD against the rules the API server applies to a CRD
/// (apiextensions.k8s.io/v1, "Specifying a structural schema"), and against ours: no defaults, a
/// description on every field, printer columns that point into the schema, a short name of its own.
/// </summary>
public sealed partial class CrdStructuralSchemaTests
{
    /// <summary>
    /// Short names of resources a cluster commonly has: the Kubernetes built-ins (kubectl api-resources
    /// on a v1.31 cluster) and widely installed projects (cert-manager, Argo CD, Argo Rollouts and
    /// Workflows, Istio, Knative, Prometheus Operator, Velero, External Secrets, Crossplane, Flux,
    /// KEDA, Gateway API), as their CRDs declare them. A short name that collides makes kubectl pick one
    /// of the two resources.
    /// </summary>
    private static readonly string[] WellKnownShortNames =
    [
        // Kubernetes built-ins
        "cs", "cm", "ep", "ev", "limits", "ns", "no", "pvc", "pv", "po", "rc", "quota", "sa", "svc",
        "crd", "crds", "ds", "deploy", "rs", "sts", "hpa", "cj", "csr", "ing", "netpol", "pdb", "pc", "sc",
        "psp", "ipa", "vac",

        // cert-manager, Argo, Istio, Knative
        "cert", "certs", "cr", "crs", "cor", "issuer", "ciss", "app", "apps", "appproj", "appprojs", "as",
        "appset", "appsets", "ro", "rollout", "wf", "wfs", "cwf", "cronwf", "wftmpl", "cwftmpl", "clusterwftmpl",
        "gw", "vs", "dr", "se", "sidecar", "pa", "ra", "wle", "we", "ksvc", "kservice", "rt", "route", "config",
        "cfg", "rev", "kpa", "img", "sks",

        // Prometheus Operator, Velero, External Secrets, Crossplane, Flux, KEDA, Gateway API
        "amcfg", "am", "pmon", "probe", "prom", "promrule", "smon", "scfg", "ttr", "bsl", "vsl", "backup",
        "restore", "es", "ess", "ss", "css", "xrd", "xrds", "comp", "pkg", "ks", "hr", "gitrepo", "helmrepo",
        "so", "sj", "ta", "cta", "gc", "gtw", "httproute", "grpcroute", "refgrant", "extsecret",
    ];

    private static readonly V1CustomResourceDefinition Crd =
        KubernetesYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(GeneratedSchemaFiles.CrdPath));

    private static JsonNode Schema(V1CustomResourceDefinitionVersion version) =>
        JsonNode.Parse(KubernetesJson.Serialize(version.Schema.OpenAPIV3Schema))!;

    [Fact]
    public void Its_name_is_plural_dot_group_and_exactly_one_version_is_stored()
    {
        Assert.Equal($"{Crd.Spec.Names.Plural}.{Crd.Spec.Group}", Crd.Metadata.Name);
        Assert.Single(Crd.Spec.Versions, version => version.Storage);
        Assert.All(Crd.Spec.Versions, version => Assert.True(version.Served));
    }

    [Fact]
    public void Every_node_of_the_schema_is_structural()
    {
        var problems = new List<string>();
        foreach (var version in Crd.Spec.Versions)
        {
            Walk(Schema(version), version.Name, problems);
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Printer_columns_point_at_fields_of_the_schema()
    {
        foreach (var version in Crd.Spec.Versions)
        {
            var schema = Schema(version);
            Assert.All(version.AdditionalPrinterColumns, column =>
            {
                Assert.False(string.IsNullOrWhiteSpace(column.Description), column.Name);
                var node = Resolve(schema, column.JsonPath);
                Assert.True(node is not null, $"{column.Name}: {column.JsonPath} is not in the schema");
                var type = node!["type"]?.GetValue<string>();
                var expected = column.Type switch { "integer" => "integer", "date" or "string" => "string", var other => other };
                Assert.True(column.JsonPath.StartsWith(".metadata.", StringComparison.Ordinal) || type == expected,
                    $"{column.Name}: {column.JsonPath} is {type} in the schema, the column says {column.Type}");
            });
        }
    }

    [Fact]
    public void Its_short_names_collide_with_no_well_known_resource()
    {
        var names = Crd.Spec.Names;
        Assert.Contains("extsvc", names.ShortNames);
        Assert.All(names.ShortNames, shortName => Assert.DoesNotContain(shortName, WellKnownShortNames));
        Assert.DoesNotContain(names.Plural, WellKnownShortNames);
        Assert.DoesNotContain(names.Singular, WellKnownShortNames);
    }

    [Fact]
    public void The_walk_finds_what_a_structural_schema_forbids()
    {
        var broken = JsonNode.Parse("""
            {"description": "d", "type": "object",
             "properties": {
               "untyped": {"description": "d"},
               "both": {"description": "d", "type": "object", "properties": {}, "additionalProperties": {"type": "string", "description": "d"}},
               "defaulted": {"description": "d", "type": "string", "default": "x"},
               "silent": {"type": "string"}}}
            """)!;
        var problems = new List<string>();

        Walk(broken, "test", problems);

        Assert.Equal(4, problems.Count);
    }

    private static void Walk(JsonNode node, string path, List<string> problems)
    {
        var intOrString = node["x-kubernetes-int-or-string"]?.GetValue<bool>() == true;
        var preserve = node["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        var type = node["type"]?.GetValue<string>();
        if (string.IsNullOrEmpty(type) && !intOrString && !preserve)
        {
            problems.Add($"{path}: no type");
        }

        if (node["properties"] is not null && node["additionalProperties"] is not null)
        {
            problems.Add($"{path}: both properties and additionalProperties");
        }

        if (node["default"] is not null)
        {
            // A stored default would hide the admin's defaults from the config file for ever.
            problems.Add($"{path}: a default");
        }

        if (string.IsNullOrWhiteSpace(node["description"]?.GetValue<string>()))
        {
            problems.Add($"{path}: no description");
        }

        foreach (var (name, child) in node["properties"]?.AsObject() ?? [])
        {
            Walk(child!, $"{path}.{name}", problems);
        }

        if (node["items"] is { } items)
        {
            Walk(items, $"{path}[]", problems);
        }

        if (node["additionalProperties"] is JsonObject values)
        {
            Walk(values, $"{path}{{}}", problems);
        }
    }

    /// <summary>The schema node a printer column's simple JSONPath names; a filter selects array items.</summary>
    private static JsonNode? Resolve(JsonNode schema, string jsonPath)
    {
        // metadata is ObjectMeta, which the API server knows without the CRD describing it.
        if (jsonPath.StartsWith(".metadata.", StringComparison.Ordinal))
        {
            return new JsonObject();
        }

        var node = schema;
        foreach (Match segment in PathSegment().Matches(jsonPath))
        {
            if (node?["properties"]?[segment.Groups["name"].Value] is not { } child)
            {
                return null;
            }

            node = segment.Groups["filter"].Success ? child["items"] : child;
        }

        return node;
    }

    [GeneratedRegex(@"\.(?<name>[A-Za-z0-9_]+)(?<filter>\[[^\]]*\])?")]
    private static partial Regex PathSegment();
}
