using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace ExternalEndpointSync.Model;

/// <summary>
/// An immutable string map (labels, annotations) that compares by its entries in any order, so a
/// record holding one compares by value like <see cref="ValueList{T}"/>.
/// </summary>
public sealed class ValueDictionary : IReadOnlyDictionary<string, string>, IEquatable<ValueDictionary>
{
    private readonly Dictionary<string, string> entries;

    private ValueDictionary(Dictionary<string, string> entries) => this.entries = entries;

    public static ValueDictionary Empty { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    public int Count => entries.Count;

    public IEnumerable<string> Keys => entries.Keys;

    public IEnumerable<string> Values => entries.Values;

    public string this[string key] => entries[key];

    public static bool operator ==(ValueDictionary? left, ValueDictionary? right) => Equals(left, right);

    public static bool operator !=(ValueDictionary? left, ValueDictionary? right) => !Equals(left, right);

    /// <exception cref="ArgumentException">A key appears twice.</exception>
    public static ValueDictionary From(IEnumerable<KeyValuePair<string, string>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries as ValueDictionary ?? new(new Dictionary<string, string>(entries, StringComparer.Ordinal));
    }

    public bool ContainsKey(string key) => entries.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) => entries.TryGetValue(key, out value);

    public bool Equals(ValueDictionary? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (Count == other.Count && entries.All(entry => other.entries.TryGetValue(entry.Key, out var value) && value == entry.Value)));

    public override bool Equals(object? obj) => obj is ValueDictionary other && Equals(other);

    /// <summary>Order-independent, as equality is.</summary>
    public override int GetHashCode() =>
        entries.Aggregate(0, static (hash, entry) => hash ^ HashCode.Combine(entry.Key, entry.Value));

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
