namespace ExternalEndpointSync.Model;

/// <summary>Identifies one registration, and the Service it maintains, by namespace and name.</summary>
public readonly record struct ServiceKey(string Namespace, string Name)
{
    /// <summary>Orders by namespace, then name, the way the API server lists objects.</summary>
    public static IComparer<ServiceKey> Ordinal { get; } = Comparer<ServiceKey>.Create(static (a, b) =>
    {
        var byNamespace = string.CompareOrdinal(a.Namespace, b.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(a.Name, b.Name);
    });

    public override string ToString() => $"{Namespace}/{Name}";
}
