namespace ExternalEndpointSync.Model;

/// <summary>
/// A Kubernetes label selector (<c>matchLabels</c> and <c>matchExpressions</c>, all of which must
/// hold), with the meaning apimachinery gives it: an empty selector matches everything.
/// </summary>
public sealed record LabelSelector
{
    public ValueDictionary MatchLabels { get; init; } = ValueDictionary.Empty;

    public ValueList<LabelSelectorRequirement> MatchExpressions { get; init; } = [];

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return MatchLabels.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value)
            && MatchExpressions.All(requirement => requirement.Matches(labels));
    }
}
