namespace ExternalEndpointSync.Model;

/// <summary>How a <see cref="SyncPolicy"/> is spelled in the config file, on the command line and in output.</summary>
public static class SyncPolicyNames
{
    /// <summary>Every policy by its name, in the order the help lists them.</summary>
    public static IReadOnlyDictionary<string, SyncPolicy> ByName { get; } = new Dictionary<string, SyncPolicy>(StringComparer.Ordinal)
    {
        ["sync"] = SyncPolicy.Sync,
        ["upsert-only"] = SyncPolicy.UpsertOnly,
        ["create-only"] = SyncPolicy.CreateOnly,
    };

    public static string NameOf(SyncPolicy policy) => ByName.First(pair => pair.Value == policy).Key;
}
