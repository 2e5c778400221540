using System.Collections;
using System.Runtime.CompilerServices;

namespace ExternalEndpointSync.Model;

/// <summary>
/// An immutable list that compares by its items, so a record holding one compares by value: two
/// parses of one file give equal specs, and a field added to a spec takes part in equality
/// without anyone remembering to extend a hand-written comparison.
/// </summary>
[CollectionBuilder(typeof(ValueList), nameof(ValueList.Create))]
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly T[] items;

    internal ValueList(T[] items) => this.items = items;

    internal static readonly ValueList<T> Empty = new([]);

    public int Count => items.Length;

    public T this[int index] => items[index];

    public static bool operator ==(ValueList<T>? left, ValueList<T>? right) => Equals(left, right);

    public static bool operator !=(ValueList<T>? left, ValueList<T>? right) => !Equals(left, right);

    public bool Equals(ValueList<T>? other) =>
        other is not null && (ReferenceEquals(this, other) || items.AsSpan().SequenceEqual(other.items, EqualityComparer<T>.Default));

    public override bool Equals(object? obj) => obj is ValueList<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"[{string.Join(", ", items)}]";
}

/// <summary>Builds <see cref="ValueList{T}"/>s, also from collection expressions.</summary>
public static class ValueList
{
    public static ValueList<T> Create<T>(ReadOnlySpan<T> items) => items.IsEmpty ? ValueList<T>.Empty : new(items.ToArray());

    public static ValueList<T> ToValueList<T>(this IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items as ValueList<T> ?? Create<T>([.. items]);
    }
}
