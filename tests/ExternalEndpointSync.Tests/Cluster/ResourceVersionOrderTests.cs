using ExternalEndpointSync.Cluster;

namespace ExternalEndpointSync.Tests.Cluster;

/// <summary>KEP-5504's order of resourceVersions: positive decimal integers of any length, anything else not comparable.</summary>
public sealed class ResourceVersionOrderTests
{
    [Theory]
    [InlineData("9", "10", -1)]
    [InlineData("10", "9", 1)]
    [InlineData("123", "123", 0)]
    [InlineData("18446744073709551616", "18446744073709551615", 1)]
    [InlineData("99", "100", -1)]
    public void Versions_are_ordered_as_the_integers_they_are(string a, string b, int order) =>
        Assert.Equal(order, Math.Sign(ResourceVersionOrder.Compare(a, b)!.Value));

    [Theory]
    [InlineData("", "1")]
    [InlineData("0", "1")]
    [InlineData("01", "1")]
    [InlineData("1a", "1")]
    [InlineData("-1", "1")]
    [InlineData(null, "1")]
    [InlineData("1", "ab")]
    public void Anything_but_a_positive_integer_without_leading_zeros_is_not_comparable(string? a, string b) =>
        Assert.Null(ResourceVersionOrder.Compare(a, b));
}
