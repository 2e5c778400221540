namespace ExternalEndpointSync.Model;

/// <summary>One <c>matchExpressions</c> entry. NotIn holds for objects without the key, as in apimachinery.</summary>
public sealed record LabelSelectorRequirement(string Key, LabelSelectorOperator Operator, ValueList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var has = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            LabelSelectorOperator.In => has && Values.Contains(value!),
            LabelSelectorOperator.NotIn => !has || !Values.Contains(value!),
            LabelSelectorOperator.Exists => has,
            LabelSelectorOperator.DoesNotExist => !has,
            _ => throw new ArgumentOutOfRangeException(nameof(labels), Operator, "unknown operator"),
        };
    }
}
