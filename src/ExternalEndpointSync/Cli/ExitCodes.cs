namespace ExternalEndpointSync.Cli;

/// <summary>The exit codes of the command line contract.</summary>
public static class ExitCodes
{
    /// <summary>Everything synced (or the configuration is valid).</summary>
    public const int Success = 0;

    /// <summary>Some services failed; the others still synced.</summary>
    public const int PartialFailure = 1;

    /// <summary>The configuration or the command line is invalid; nothing was written.</summary>
    public const int Invalid = 2;
}
