using System.Globalization;
using ExternalEndpointSync.Health;
using Xunit;

namespace ExternalEndpointSync.Tests.Health;

public sealed class PriorityGroupSelectionTests
{
    /// <summary>
    /// Items are written "name[priority](+|-)": <c>a10+</c> is a usable item a with priority 10,
    /// <c>n-</c> an unusable item without priority. The expected group is its names in order.
    /// </summary>
    [Theory]
    [InlineData("a10+ b10+ c20+", "a b", 10, "")]
    [InlineData("a10+ b10- c20+", "a b", 10, "")]
    [InlineData("a10- b10- c20+ d20-", "c d", 20, "10")]
    [InlineData("a10- b20- c30+", "c", 30, "10 20")]
    [InlineData("c30+ a10- b20+ d20-", "b d", 20, "10")]
    [InlineData("a10- b10- c20-", "a b", 10, "")]
    [InlineData("a10-", "a", 10, "")]
    [InlineData("a+ b- c-", "a b c", null, "")]
    [InlineData("a- b-", "a b", null, "")]
    [InlineData("n+ a10+", "n", null, "")]
    [InlineData("n- a10+", "a", 10, "")]
    [InlineData("", "", null, "")]
    public void Publishes_the_best_group_with_a_usable_item_else_the_best_group(string items, string published, int? priority, string passedOver)
    {
        var choice = PriorityGroupSelection.Select(Parse(items), static item => item.Priority, static item => item.Usable);

        Assert.Equal(Words(published), choice.Published.Select(static item => item.Name));
        Assert.Equal(priority, choice.Priority);
        Assert.Equal(Words(passedOver).Select(static p => int.Parse(p, CultureInfo.InvariantCulture)), choice.PassedOver);
    }

    private static string[] Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static List<Item> Parse(string items) =>
        Words(items).Select(static word => new Item(
            word[..1],
            word.Length > 2 ? int.Parse(word[1..^1], CultureInfo.InvariantCulture) : null,
            word[^1] == '+')).ToList();

    private sealed record Item(string Name, int? Priority, bool Usable);
}
