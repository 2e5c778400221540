namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>What a <see cref="ResourceStrategy"/> may use while handling one write.</summary>
public sealed class StrategyContext
{
    internal StrategyContext(FakeObjectStore store, bool dryRun)
    {
        Store = store;
        DryRun = dryRun;
    }

    public FakeObjectStore Store { get; }

    /// <summary>dryRun=All: validate and answer as if written, but allocate and store nothing.</summary>
    public bool DryRun { get; }
}
