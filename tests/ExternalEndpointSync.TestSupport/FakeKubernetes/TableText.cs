namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

internal static class TableText
{
    /// <summary>kubectl's way of printing long lists: the first three, then "+ N more...".</summary>
    public static string FirstThree(IReadOnlyList<string> values, string empty) =>
        values.Count == 0 ? empty
        : values.Count <= 3 ? string.Join(",", values)
        : $"{string.Join(",", values.Take(3))} + {values.Count - 3} more...";
}
