namespace ExternalEndpointSync.Registrations.ConfigFile;

public enum ConfigReloadResult
{
    /// <summary>The new file is in force: its registrations replaced the old ones.</summary>
    Applied,

    /// <summary>The new file has errors; the old configuration stays in force.</summary>
    Invalid,

    /// <summary>The new file changes a setting that needs a restart; the old configuration stays in force.</summary>
    Refused,
}

/// <summary>What became of one reload of the configuration file; <see cref="Message"/> says why when it was not applied.</summary>
public sealed record ConfigReloadOutcome(ConfigReloadResult Result, string? Message = null);
