namespace ExternalEndpointSync.Tests.Schema;

/// <summary>
/// One value of the configuration as the schemas describe it. <see cref="ConfigSchemaDocument"/> and
/// <see cref="CrdDocument"/> both render these nodes, so the config file's schema and the CRD's cannot
/// describe a service entry differently.
/// </summary>
internal abstract record SchemaNode(string Description)
{
    /// <summary>The value used when the field is absent, as the parser applies it (rendered into both documents' text).</summary>
    public object? Default { get; init; }
}

internal sealed record StringNode(string Description) : SchemaNode(Description)
{
    public string? Pattern { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public IReadOnlyList<string>? Enum { get; init; }
}

internal sealed record IntegerNode(string Description, int Minimum, int Maximum) : SchemaNode(Description);

internal sealed record BooleanNode(string Description) : SchemaNode(Description);

/// <summary>A Go-style duration; its bounds are checked by the parser and stated in the description.</summary>
internal sealed record DurationNode(string Description, TimeSpan Minimum, TimeSpan Maximum) : SchemaNode(Description);

/// <summary>An HTTP status code or a range of them, written as a number (<c>301</c>) or a string (<c>200-299</c>).</summary>
internal sealed record StatusCodeNode(string Description) : SchemaNode(Description);

internal sealed record ListNode(string Description, SchemaNode Items) : SchemaNode(Description)
{
    public int? MinItems { get; init; }
}

/// <summary>Labels or annotations: string keys that are qualified names, string values.</summary>
internal sealed record StringMapNode(string Description, StringNode Values) : SchemaNode(Description)
{
    public required string KeyPattern { get; init; }

    public IReadOnlyList<string> ForbiddenKeys { get; init; } = [];
}

internal sealed record Field(string Name, SchemaNode Node, bool Required = false);

/// <summary>A rule over several fields of one mapping, which each document states in its own language.</summary>
internal enum ObjectRule
{
    /// <summary>Exactly one of the mapping's fields is set (<c>source</c>).</summary>
    ExactlyOneField,

    /// <summary>
    /// <c>type: ExternalName</c> needs <c>externalName</c> and no <c>source</c>; another type needs a
    /// <c>source</c> and no <c>externalName</c>. Without <c>type</c> in the entry, <c>externalName</c>
    /// alone says ExternalName (the file's defaults may set the type).
    /// </summary>
    ServiceTypeDecidesSource,

    /// <summary><c>clientCertFile</c> and <c>clientKeyFile</c> come together.</summary>
    ClientCertificatePair,
}

internal sealed record ObjectNode(string Description, IReadOnlyList<Field> Fields) : SchemaNode(Description)
{
    public IReadOnlyList<ObjectRule> Rules { get; init; } = [];

    public SchemaNode this[string name] => Fields.Single(field => field.Name == name).Node;

    /// <summary>
    /// This mapping as <c>defaults</c> holds it: nothing is required and rules over several fields are
    /// left to the merged entry, because <c>defaults</c> is only a part of every service.
    /// </summary>
    public ObjectNode AsPartial() => this with
    {
        Fields = [.. Fields.Select(field => field with { Required = false, Node = Partial(field.Node) })],
        Rules = [.. Rules.Where(rule => rule == ObjectRule.ClientCertificatePair)],
    };

    public ObjectNode Without(params string[] names) => this with { Fields = [.. Fields.Where(field => !names.Contains(field.Name))] };

    private static SchemaNode Partial(SchemaNode node) => node switch
    {
        ObjectNode nested => nested.AsPartial(),

        // A list in defaults is taken whole by a service that has none, so its items stay complete.
        _ => node,
    };
}
