namespace ExternalEndpointSync.Registrations.Yaml;

/// <summary>
/// A node of a parsed configuration document with its 1-based position. Nodes are compared by
/// reference: the defaults merge shares nodes between services, and diagnostics trace them back.
/// </summary>
public abstract class ConfigNode
{
    private protected ConfigNode(int line, int column, long expandedSize)
    {
        Line = line;
        Column = column;
        ExpandedSize = expandedSize;
    }

    public int Line { get; }

    public int Column { get; }

    /// <summary>
    /// How many nodes this one stands for with every alias in it expanded: what walking it costs.
    /// Saturates instead of overflowing, since aliases can make it grow exponentially.
    /// </summary>
    public long ExpandedSize { get; }

    private protected static long SizeOf(IEnumerable<ConfigNode> children)
    {
        var size = 1L;
        foreach (var child in children)
        {
            size = size > long.MaxValue - child.ExpandedSize ? long.MaxValue : size + child.ExpandedSize;
        }

        return size;
    }

    /// <summary>What the node is, for messages such as "must be a mapping, not a list".</summary>
    public abstract string Describe();
}
