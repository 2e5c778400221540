namespace ExternalEndpointSync.Model;

/// <summary>Where a registration's addresses come from: exactly one of static, dns or consul.</summary>
public abstract record SourceSpec
{
    /// <summary>The configuration key of this source kind (<c>static</c>, <c>dns</c>, <c>consul</c>).</summary>
    public abstract string Kind { get; }
}
