namespace ExternalEndpointSync.Model;

/// <summary>What happens to an address whose health check fails.</summary>
public enum UnhealthyAction
{
    /// <summary>Published with <c>ready: false</c>, <c>serving: false</c> (legacy Endpoints: notReadyAddresses).</summary>
    NotReady,

    /// <summary>Not published at all.</summary>
    Remove,
}
