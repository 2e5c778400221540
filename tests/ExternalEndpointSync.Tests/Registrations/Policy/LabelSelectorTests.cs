using ExternalEndpointSync.Model;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations.Policy;

/// <summary>Label selectors mean what apimachinery's labels.Selector means.</summary>
public sealed class LabelSelectorTests
{
    private static readonly ValueDictionary Labels = ValueDictionary.From([new("team", "a"), new("tier", "db")]);

    [Theory]
    [InlineData(LabelSelectorOperator.In, "team", new[] { "a", "b" }, true)]
    [InlineData(LabelSelectorOperator.In, "team", new[] { "b" }, false)]
    [InlineData(LabelSelectorOperator.In, "missing", new[] { "a" }, false)]
    [InlineData(LabelSelectorOperator.NotIn, "team", new[] { "b" }, true)]
    [InlineData(LabelSelectorOperator.NotIn, "team", new[] { "a" }, false)]
    [InlineData(LabelSelectorOperator.NotIn, "missing", new[] { "a" }, true)]
    [InlineData(LabelSelectorOperator.Exists, "tier", new string[0], true)]
    [InlineData(LabelSelectorOperator.Exists, "missing", new string[0], false)]
    [InlineData(LabelSelectorOperator.DoesNotExist, "missing", new string[0], true)]
    [InlineData(LabelSelectorOperator.DoesNotExist, "tier", new string[0], false)]
    public void Each_operator_matches_as_in_kubernetes(LabelSelectorOperator op, string key, string[] values, bool matches) =>
        Assert.Equal(matches, new LabelSelector { MatchExpressions = [new LabelSelectorRequirement(key, op, [.. values])] }.Matches(Labels));

    [Fact]
    public void Every_label_and_every_expression_must_hold_and_an_empty_selector_matches_everything()
    {
        Assert.True(new LabelSelector().Matches(ValueDictionary.Empty));
        Assert.True(new LabelSelector { MatchLabels = ValueDictionary.From([new("team", "a")]) }.Matches(Labels));
        Assert.False(new LabelSelector
        {
            MatchLabels = ValueDictionary.From([new("team", "a")]),
            MatchExpressions = [new LabelSelectorRequirement("tier", LabelSelectorOperator.In, ["web"])],
        }.Matches(Labels));
        Assert.False(new LabelSelector { MatchLabels = ValueDictionary.From([new("team", "")]) }.Matches(Labels));
    }
}
