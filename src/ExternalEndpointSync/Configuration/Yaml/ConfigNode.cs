namespace ExternalEndpointSync.Configuration.Yaml;

/// <summary>
/// A node of a parsed configuration document with its 1-based position. Nodes are compared by
/// reference: the defaults merge shares nodes between services, and diagnostics trace them back.
/// </summary>
public abstract class ConfigNode
{
    private protected ConfigNode(int line, int column)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }

    /// <summary>What the node is, for messages such as "must be a mapping, not a list".</summary>
    public abstract string Describe();
}
