using ExternalEndpointSync.Reporting.Output;

namespace ExternalEndpointSync.Tests.Reporting.Output;

public sealed class UnifiedDiffTests
{
    private static readonly string[] Ten = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];

    [Fact]
    public void Equal_lines_have_no_diff() => Assert.Empty(UnifiedDiff.Lines(Ten, Ten));

    [Fact]
    public void A_changed_line_comes_with_three_lines_of_context_either_side()
    {
        string[] after = ["a", "b", "c", "d", "e", "F", "g", "h", "i", "j"];

        Assert.Equal(["@@ -3,7 +3,7 @@", " c", " d", " e", "-f", "+F", " g", " h", " i"], UnifiedDiff.Lines(Ten, after));
    }

    [Fact]
    public void Changes_far_apart_make_separate_hunks_and_near_ones_share_one()
    {
        string[] before = [.. Ten, .. Ten];
        string[] after = ["A", .. Ten[1..], .. Ten[..9], "J"];

        Assert.Equal(
            ["@@ -1,4 +1,4 @@", "-a", "+A", " b", " c", " d", "@@ -17,4 +17,4 @@", " g", " h", " i", "-j", "+J"],
            UnifiedDiff.Lines(before, after));
        Assert.Single(UnifiedDiff.Lines(Ten, ["a", "B", "c", "d", "e", "f", "G", "h", "i", "j"]), static l => l.StartsWith("@@", StringComparison.Ordinal));
    }

    [Fact]
    public void Additions_at_the_end_and_from_nothing()
    {
        Assert.Equal(["@@ -8,3 +8,4 @@", " h", " i", " j", "+k"], UnifiedDiff.Lines(Ten, [.. Ten, "k"]));
        Assert.Equal(["@@ -0,0 +1,2 @@", "+a", "+b"], UnifiedDiff.Lines([], ["a", "b"]));
    }
}
