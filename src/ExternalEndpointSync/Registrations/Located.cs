using ExternalEndpointSync.Registrations.Yaml;

namespace ExternalEndpointSync.Registrations;

/// <summary>A value read from the configuration, with the node and path to report it by.</summary>
public readonly record struct Located<T>(T Value, ConfigNode Node, string Path);
