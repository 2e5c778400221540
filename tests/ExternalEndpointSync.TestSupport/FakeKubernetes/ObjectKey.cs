namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// Where an object lives; orders like the API server's lists, by the bytes of the storage key
/// <c>&lt;namespace&gt;/&lt;name&gt;</c> (etcd's order), so namespace <c>a-b</c> lists before <c>a</c>.
/// </summary>
internal readonly record struct ObjectKey(string Namespace, string Name) : IComparable<ObjectKey>
{
    public int CompareTo(ObjectKey other) => string.CompareOrdinal($"{Namespace}/{Name}", $"{other.Namespace}/{other.Name}");

    public static bool operator <(ObjectKey left, ObjectKey right) => left.CompareTo(right) < 0;

    public static bool operator >(ObjectKey left, ObjectKey right) => left.CompareTo(right) > 0;

    public static bool operator <=(ObjectKey left, ObjectKey right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ObjectKey left, ObjectKey right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{Namespace}/{Name}";
}
