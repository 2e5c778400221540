using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations;
using ExternalEndpointSync.Registrations.ConfigFile;

namespace ExternalEndpointSync.Tests.Schema;

/// <summary>
/// The one description of the configuration file and of a service entry, from which config/schema.json
/// and the ExternalService CRD are generated. Defaults and bounds are read from the model and from
/// <see cref="ConfigBounds"/>.
/// </summary>
internal static class ConfigSchemaModel
{
    private const string Label = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
    private const string Dns1123Subdomain = Label + @"(\." + Label + ")*";
    private const string DnsNameLabel = "[A-Za-z0-9_]([-A-Za-z0-9_]{0,61}[A-Za-z0-9_])?";
    private const string QualifiedNamePart = "([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]";
    private const string Ipv4 = @"((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

    /// <summary>Hex digits, dots and at least two colons: what can be an IPv6 literal, never an IPv4 address with a port.</summary>
    private const string Ipv6 = "[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*";

    public const string Dns1035LabelPattern = "^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$";
    public const string Dns1123LabelPattern = "^" + Label + "$";
    public const string ExternalNamePattern = "^" + Dns1123Subdomain + @"\.?$";
    public const string DnsNamePattern = "^" + DnsNameLabel + @"(\." + DnsNameLabel + @")*\.?$";
    public const string QualifiedNamePattern = "^(" + Dns1123Subdomain + "/)?" + QualifiedNamePart + "$";
    public const string LabelValuePattern = "^(" + QualifiedNamePart + ")?$";
    public const string OwnerIdPattern = "^" + QualifiedNamePart + "$";
    public const string IpAddressPattern = "^(" + Ipv4 + "|" + Ipv6 + ")$";
    public const string NameserverPattern = "^(" + Ipv4 + "(:[0-9]{1,5})?|" + Ipv6 + @"|\[" + Ipv6 + @"\]:[0-9]{1,5})$";
    public const string CidrPattern = "^(" + Ipv4 + "/([0-9]|[12][0-9]|3[0-2])|" + Ipv6 + "/([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8]))$";
    public const string ConsulAddressPattern = @"^[Hh][Tt][Tt][Pp][Ss]?://[^/?#@\s]+/?$";

    public static ObjectNode ServiceEntry { get; } = BuildServiceEntry();

    public static ObjectNode ConfigFile { get; } = BuildConfigFile();

    private static ObjectNode BuildConfigFile() => new(
        "An ExternalEndpointSync configuration: the external services to publish as Kubernetes Services, and how.",
        [
            new("apiVersion", new StringNode("The version of this file format.") { Enum = [ConfigLoader.ApiVersion] }, Required: true),
            new("kind", new StringNode("The kind of this file.") { Enum = [ConfigLoader.Kind] }, Required: true),
            new("ownerId", new StringNode(
                $"Which instance owns what it writes: the value of the {OwnershipLabels.OwnerKey} label on every object. Two instances with different owner ids never touch each other's objects. A non-empty label value.")
            {
                Pattern = OwnerIdPattern,
                MaxLength = 63,
                Default = SyncConfig.DefaultOwnerId,
            }),
            new("policy", new StringNode(
                "Which changes are applied: sync creates, updates and deletes what it owns; upsert-only never deletes; create-only only creates. The command line's --policy wins over this.")
            {
                Enum = [.. SyncPolicyNames.ByName.Keys],
                Default = SyncPolicyNames.NameOf(SyncPolicy.Sync),
            }),
            new("maxConcurrentProbes", new IntegerNode("How many health probes may be in flight at once, across every service.", 1, SyncConfig.MaxConcurrentProbesLimit)
            {
                Default = SyncConfig.DefaultMaxConcurrentProbes,
            }),
            new("defaults", ServiceEntry.Without("name").AsPartial() with
            {
                Description = "Settings every service takes unless it sets them itself: mappings merge key by key, lists and values are replaced. Within source, a service takes the defaults of the source kind it uses only. Every field of a service except name may be given here.",
            }),
            new("consul", ConsulSettings()),
            new("externalServices", ExternalServices()),
            new("services", new ListNode("The external services to publish, each as one Service in its namespace.", ServiceEntry), Required: true),
        ]);

    private static ObjectNode BuildServiceEntry()
    {
        var health = HealthCheckSpec.None;
        return new ObjectNode(
            "One external service and the Service that publishes it.",
            [
                new("name", new StringNode("The Service's name: a DNS-1035 label (lower-case letters, digits and '-', starting with a letter, at most 63 characters).")
                {
                    Pattern = Dns1035LabelPattern,
                    MaxLength = 63,
                }, Required: true),
                new("namespace", new StringNode("The Service's namespace: a DNS-1123 label.")
                {
                    Pattern = Dns1123LabelPattern,
                    MaxLength = 63,
                    Default = new ServiceEntryOptions().DefaultNamespace,
                }),
                new("type", new StringNode(
                    "ClusterIP: a Service with a virtual IP, backed by EndpointSlices. Headless: the same with clusterIP: None, so cluster DNS answers with the endpoint addresses. ExternalName: a DNS alias (externalName), no endpoints.")
                {
                    Enum = ["ClusterIP", "Headless", "ExternalName"],
                    Default = "ClusterIP",
                }),
                new("ports", new ListNode(
                    "The Service's ports. A ClusterIP service needs at least one; with more than one, each needs a name, unique within the Service, and each protocol/port pair is declared once.",
                    Port())),
                new("source", Source()),
                new("externalName", new StringNode(
                    "The host name an ExternalName service aliases: a DNS-1123 subdomain, optionally ending with '.', not an IP address. Only with type: ExternalName, and required there.")
                {
                    Pattern = ExternalNamePattern,
                    MaxLength = 254,
                }),
                new("publish", Publish()),
                new("healthCheck", HealthCheck(health)),
                new("resyncInterval", Duration(
                    "How often the source is read again and the Service compared with what should be there, at the latest.",
                    ConfigBounds.MinResyncInterval, ConfigBounds.MaxResyncInterval, new ExternalServiceSpec { Name = "" }.ResyncInterval)),
                new("labels", new StringMapNode(
                    $"Extra labels on the Service. Keys are qualified names; {OwnershipLabels.ManagedByKey} and {OwnershipLabels.OwnerKey} mark what external-endpoint-sync owns and cannot be set.",
                    new StringNode("A label value: empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.") { Pattern = LabelValuePattern, MaxLength = 63 })
                {
                    KeyPattern = QualifiedNamePattern,
                    ForbiddenKeys = [OwnershipLabels.ManagedByKey, OwnershipLabels.OwnerKey],
                }),
                new("annotations", new StringMapNode(
                    "Extra annotations on the Service. Keys are qualified names; all annotations together may take at most 256 KiB.",
                    new StringNode("An annotation value."))
                {
                    KeyPattern = QualifiedNamePattern,
                }),
            ])
        {
            Rules = [ObjectRule.ServiceTypeDecidesSource],
        };
    }

    private static ObjectNode Port() => new(
        "One Service port.",
        [
            new("name", new StringNode("The port's name: a DNS-1123 label, unique within the Service. Required when the Service has more than one port.")
            {
                Pattern = Dns1123LabelPattern,
                MaxLength = 63,
            }),
            new("port", new IntegerNode("The Service port, which clients connect to.", 1, 65535), Required: true),
            new("protocol", new StringNode("The port's protocol.") { Enum = ["TCP", "UDP", "SCTP"], Default = new ServicePortSpec { Port = 1 }.Protocol }),
            new("targetPort", new IntegerNode(
                "The port the external addresses listen on; default: port. A port learnt from the source (SRV records, Consul) replaces it for the first declared port.", 1, 65535)),
            new("appProtocol", new StringNode("The application protocol (such as http, postgresql or kubernetes.io/h2c): a qualified name.")
            {
                Pattern = QualifiedNamePattern,
            }),
        ]);

    private static ObjectNode Source() => new(
        "Where the addresses come from: exactly one of static, dns or consul. Not allowed with type: ExternalName, required otherwise.",
        [
            new("static", new ObjectNode(
                "Addresses written here.",
                [
                    new("addresses", new ListNode(
                        "IPv4 or IPv6 addresses, without brackets or ports (ports are declared in ports). Loopback, link-local and unspecified addresses are dropped with a warning: Kubernetes never accepts them as endpoints.",
                        new StringNode("An IPv4 address (no leading zeros) or an IPv6 address.") { Pattern = IpAddressPattern })
                    {
                        MinItems = 1,
                    }, Required: true),
                ])),
            new("dns", Dns(new DnsSourceSpec { Name = DnsName.Parse("unused") })),
            new("consul", ConsulSource()),
        ])
    {
        Rules = [ObjectRule.ExactlyOneField],
    };

    private static ObjectNode Dns(DnsSourceSpec defaults) => new(
        "Addresses resolved from DNS, refreshed when the answers' TTL runs out.",
        [
            new("name", new StringNode(
                "The DNS name to resolve, always as fully qualified: labels of letters, digits, '-' and '_' joined by '.', at most 63 characters each and 253 in all.")
            {
                Pattern = DnsNamePattern,
                MaxLength = 254,
            }, Required: true),
            new("type", new StringNode(
                "The records asked for. A+AAAA asks for both families (each gets its own EndpointSlices). SRV resolves every target to addresses, and each target's port replaces the endpoint port of the first declared port.")
            {
                Enum = ["A", "AAAA", "A+AAAA", "SRV"],
                Default = RecordTypeName(defaults.Type),
            }),
            new("nameservers", new ListNode(
                "Name servers to ask instead of the system resolver: ip, ip:port or [ipv6]:port, with a port between 1 and 65535.",
                new StringNode("A name server address.") { Pattern = NameserverPattern })),
            new("minTtl", Duration("The shortest time an answer is kept, whatever its TTL; at most maxTtl.", ConfigBounds.MinDnsTtl, ConfigBounds.MaxDnsTtl, defaults.MinTtl)),
            new("maxTtl", Duration("The longest time an answer is kept, whatever its TTL.", ConfigBounds.MinDnsTtl, ConfigBounds.MaxDnsTtl, defaults.MaxTtl)),
            new("emptyAfter", new IntegerNode(
                "How many definitive empty answers in a row (NXDOMAIN, no records) it takes to empty the Service; a failing lookup never does.", 1, ConfigBounds.MaxEmptyAfter)
            {
                Default = defaults.EmptyAfter,
            }),
            new("timeout", Duration("How long one query may take.", ConfigBounds.MinDnsTimeout, ConfigBounds.MaxDnsTimeout, defaults.Timeout)),
            new("retries", new IntegerNode("How often a failed query is retried.", 0, ConfigBounds.MaxDnsRetries) { Default = defaults.Retries }),
        ]);

    private static ObjectNode ConsulSource() => new(
        "Instances of a Consul service, watched with blocking queries; where Consul is comes from the file's consul section.",
        [
            new("service", new StringNode("The Consul service name.") { MinLength = 1 }, Required: true),
            new("tags", new ListNode("Tags every published instance must have.", new StringNode("A Consul tag."))),
            new("datacenter", new StringNode("The Consul datacenter; default: the consul section's datacenter, else the agent's own.")),
            new("namespace", new StringNode("The Consul Enterprise namespace.")),
            new("partition", new StringNode("The Consul Enterprise admin partition.")),
            new("onlyPassing", new BooleanNode(
                "Only instances whose every check passes; otherwise instances in warning are published as ready and critical ones as not ready.")
            {
                Default = false,
            }),
            new("addressPreference", new ListNode(
                "Tagged addresses to prefer, in order (lan_ipv4, lan_ipv6, wan_ipv4, wan_ipv6, …); without one the instance's service address is used, else its node's address.",
                new StringNode("A tagged address name."))),
        ]);

    private static ObjectNode Publish()
    {
        var defaults = new PublishSpec();
        return new ObjectNode(
            "Which objects carry the addresses.",
            [
                new("endpointSlices", new BooleanNode(
                    "EndpointSlices, which kube-proxy and cluster DNS use. Must stay true for services that have addresses.")
                {
                    Default = defaults.EndpointSlices,
                }),
                new("endpoints", new BooleanNode(
                    "Also legacy v1 Endpoints for old consumers, labelled endpointslice.kubernetes.io/skip-mirror so that Kubernetes does not mirror them into more slices.")
                {
                    Default = defaults.Endpoints,
                }),
                new("maxEndpointsPerSlice", new IntegerNode("How many endpoints one EndpointSlice holds at most.", 1, PublishSpec.MaxEndpointsPerSliceLimit)
                {
                    Default = PublishSpec.DefaultMaxEndpointsPerSlice,
                }),
            ]);
    }

    private static ObjectNode HealthCheck(HealthCheckSpec defaults) => new(
        "How every address is probed, and what a failing probe does. Probe-specific settings are in http, tls, postgres and redis.",
        [
            new("type", new StringNode(
                "The probe: none (every address is ready), tcp (connect), http or https (a request), tls (a handshake), postgres (a startup or login), redis (PING).")
            {
                Enum = ["none", "tcp", "http", "https", "tls", "postgres", "redis"],
                Default = "none",
            }),
            new("port", new IntegerNode(
                "The port probed; default: the endpoint port of the first declared port (required when the service declares none).", 1, 65535)),
            new("interval", Duration("How often each address is probed.", ConfigBounds.MinProbeInterval, ConfigBounds.MaxProbeInterval, defaults.Interval)),
            new("timeout", Duration("How long one probe may take; at most interval.", ConfigBounds.MinProbeTimeout, ConfigBounds.MaxProbeTimeout, defaults.Timeout)),
            new("healthyThreshold", new IntegerNode("How many passing probes in a row turn an address healthy.", 1, ConfigBounds.MaxThreshold)
            {
                Default = defaults.HealthyThreshold,
            }),
            new("unhealthyThreshold", new IntegerNode("How many failing probes in a row turn an address unhealthy.", 1, ConfigBounds.MaxThreshold)
            {
                Default = defaults.UnhealthyThreshold,
            }),
            new("unhealthy", new StringNode("What happens to an unhealthy address: notReady publishes it as not ready, remove leaves it out.")
            {
                Enum = ["notReady", "remove"],
                Default = defaults.Unhealthy == UnhealthyAction.NotReady ? "notReady" : "remove",
            }),
            new("initialState", new StringNode("How an address is published before its first probe result.")
            {
                Enum = ["healthy", "unhealthy"],
                Default = defaults.InitialHealthy ? "healthy" : "unhealthy",
            }),
            new("panic", new BooleanNode("When every address is unhealthy, publish them all as ready (and report it) rather than none.") { Default = defaults.Panic }),
            new("http", HttpProbe(defaults.Http)),
            new("tls", new ObjectNode(
                "TLS settings of the https and tls probes.",
                [
                    new("serverName", new StringNode("The name sent as SNI and verified in the certificate; default: the name in http.host for https, else the address.")
                    {
                        Pattern = DnsNamePattern,
                        MaxLength = 254,
                    }),
                    new("caFile", new StringNode("A PEM bundle of CAs trusted in addition to the system's.")),
                    new("insecureSkipVerify", new BooleanNode("Accept any certificate.") { Default = defaults.Tls.InsecureSkipVerify }),
                ])),
            new("postgres", new ObjectNode(
                "Settings of the postgres probe; without passwordFile it checks the protocol handshake only.",
                [
                    new("user", new StringNode("The user name sent in the startup message.") { Default = defaults.Postgres.User }),
                    new("database", new StringNode("The database sent in the startup message.") { Default = defaults.Postgres.Database }),
                    new("passwordFile", new StringNode("A file holding the password; then the probe logs in and runs SELECT 1.")),
                ])),
            new("redis", new ObjectNode(
                "Settings of the redis probe.",
                [
                    new("username", new StringNode("The user name sent with AUTH (Redis 6 ACLs).")),
                    new("passwordFile", new StringNode("A file holding the password sent with AUTH before PING.")),
                ])),
        ]);

    private static ObjectNode HttpProbe(HttpProbeSpec defaults) => new(
        "Settings of the http and https probes.",
        [
            new("method", new StringNode("The request method, in upper case.") { Pattern = "^[A-Z]+$", Default = defaults.Method }),
            new("path", new StringNode("The request path, starting with '/'.") { Pattern = "^/", Default = defaults.Path }),
            new("expectedStatuses", new ListNode(
                "The status codes that pass: codes (301) or ranges (200-299) between 100 and 599.",
                new StatusCodeNode("A status code or a range NNN-NNN."))
            {
                MinItems = 1,
                Default = defaults.ExpectedStatuses.Select(static range => range.ToString()).ToList(),
            }),
            new("host", new StringNode("The Host header, with an optional :port; default: the address.") { Pattern = @"^[^\s\x00-\x1f\x7f-\x9f]+$" }),
        ]);

    private static ObjectNode ConsulSettings()
    {
        var defaults = new ConsulSettings();
        return new ObjectNode(
            "How to reach Consul; only needed when a service uses source.consul.",
            [
                new("address", new StringNode("The Consul HTTP API: an http or https URI with scheme, host and port only (no user name, path or query).")
                {
                    Pattern = ConsulAddressPattern,
                    Default = defaults.Address.ToString(),
                }),
                new("tokenFile", new StringNode("A file holding the ACL token, read again for every request so it can be rotated.")),
                new("tokenEnv", new StringNode("The environment variable holding the ACL token when no tokenFile is given.") { Default = defaults.TokenEnvironmentVariable }),
                new("caFile", new StringNode("A PEM bundle of the CA that signed Consul's certificate.")),
                new("clientCertFile", new StringNode("A PEM client certificate for mutual TLS; needs clientKeyFile.")),
                new("clientKeyFile", new StringNode("The PEM private key of clientCertFile; needs clientCertFile.")),
                new("datacenter", new StringNode("The datacenter queried unless a service names its own; default: the agent's.")),
                new("wait", Duration("How long a blocking query may wait for a change.", ConfigBounds.MinConsulWait, ConfigBounds.MaxConsulWait, defaults.Wait)),
                new("nameservers", new ListNode(
                    "Name servers that resolve instance addresses which are host names: ip, ip:port or [ipv6]:port; default: the system resolver.",
                    new StringNode("A name server address.") { Pattern = NameserverPattern })),
            ])
        {
            Rules = [ObjectRule.ClientCertificatePair],
        };
    }

    private static ObjectNode ExternalServices()
    {
        var defaults = new ExternalServicePolicy();
        var sourceKind = new StringNode("A source kind.") { Enum = [.. SourceParser.KindNames] };
        var namespaceName = new StringNode("A namespace: a DNS-1123 label.") { Pattern = Dns1123LabelPattern, MaxLength = 63 };
        return new ObjectNode(
            "Whether application teams may register external services as ExternalService objects, and the policy they are held to (CVE-2021-25740): who may register, with which sources, and which addresses are never published for them. Without this section ExternalService objects are not watched. Registrations in this file are the admin's own and not held to it. A change takes effect after a restart.",
            [
                new("enabled", new BooleanNode("Watch ExternalService objects; false keeps the policy written down but the watch off.") { Default = defaults.Enabled }),
                new("namespaces", new ListNode(
                    "Namespaces whose ExternalServices are admitted. With namespaceSelector a namespace either one names is admitted; without both, every namespace is.",
                    namespaceName)),
                new("namespaceSelector", LabelSelector(
                    "Namespaces whose ExternalServices are admitted, by the labels of the Namespace object.")),
                new("sources", new ListNode(
                    "The source kinds an ExternalService may use (an ExternalName one needs none). consul is left out by default: its catalog is the admin's.",
                    sourceKind)
                {
                    Default = defaults.Sources.ToList(),
                }),
                new("refusedCidrs", new ListNode(
                    "Networks never published for an ExternalService, in addition to those always refused: the cluster's pod and service networks and node addresses, loopback, link-local (with the cloud metadata address 169.254.169.254) and unspecified.",
                    Cidr())),
                new("clusterNetworks", new ObjectNode(
                    "The cluster's own networks as written here, refused in addition to what is discovered (Node spec.podCIDRs, networking.k8s.io/v1 ServiceCIDRs); needed where the cluster does not tell them.",
                    [
                        new("podCidrs", new ListNode("The pod networks.", Cidr())),
                        new("serviceCidrs", new ListNode("The Service networks; the only source on clusters that do not serve ServiceCIDR.", Cidr())),
                    ])),
                new("namespaceOverrides", new ListNode(
                    "Exceptions for single namespaces, at most one entry per namespace. An override does not admit its namespace.",
                    new ObjectNode(
                        "What one namespace may do differently.",
                        [
                            new("namespace", namespaceName, Required: true),
                            new("sources", new ListNode("The source kinds this namespace may use instead of sources.", sourceKind)),
                            new("allowedCidrs", new ListNode(
                                "Refused networks this namespace may publish into anyway; never loopback, link-local, the metadata address or unspecified.",
                                Cidr())),
                        ]))),
                new("externalName", new ObjectNode(
                    "Which targets an ExternalName ExternalService may alias. IP addresses are refused for every ExternalName service.",
                    [
                        new("refusedSuffixes", new ListNode(
                            "DNS suffixes refused as targets, matched label by label (svc refuses api.team-b.svc, not mysvc.example.com). Name your cluster domain here if it is not cluster.local.",
                            new StringNode("A DNS-1123 subdomain, optionally ending with '.'.") { Pattern = ExternalNamePattern, MaxLength = 254 })
                        {
                            Default = defaults.ExternalName.RefusedSuffixes.ToList(),
                        }),
                    ])),
            ]);
    }

    private static StringNode Cidr() => new("A network in CIDR notation (10.244.0.0/16, fd00:10:96::/112), with no bit set after the prefix length.") { Pattern = CidrPattern };

    private static ObjectNode LabelSelector(string description) => new(
        description + " Every matchLabels entry and every matchExpressions entry must hold.",
        [
            new("matchLabels", new StringMapNode(
                "Labels the object must have, with these values.",
                new StringNode("A label value.") { Pattern = LabelValuePattern, MaxLength = 63 })
            {
                KeyPattern = QualifiedNamePattern,
            }),
            new("matchExpressions", new ListNode(
                "Requirements on the object's labels.",
                new ObjectNode(
                    "One requirement: In and NotIn need values, Exists and DoesNotExist take none. NotIn and DoesNotExist hold for objects without the label.",
                    [
                        new("key", new StringNode("The label key: a qualified name.") { Pattern = QualifiedNamePattern }, Required: true),
                        new("operator", new StringNode("How the label is tested.") { Enum = [.. Enum.GetNames<LabelSelectorOperator>()] }, Required: true),
                        new("values", new ListNode("The label values of In and NotIn.", new StringNode("A label value.") { Pattern = LabelValuePattern, MaxLength = 63 })),
                    ]))),
        ]);

    private static DurationNode Duration(string description, TimeSpan minimum, TimeSpan maximum, TimeSpan value) =>
        new(description, minimum, maximum) { Default = DurationParser.Format(value) };

    private static string RecordTypeName(DnsRecordType type) => type == DnsRecordType.AAndAAAA ? "A+AAAA" : type.ToString();
}
