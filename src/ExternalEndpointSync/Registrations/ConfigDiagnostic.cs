namespace ExternalEndpointSync.Registrations;

/// <summary>
/// One problem in a configuration, located by its path (<c>services[3].ports[0].name</c>) and
/// its 1-based line and column in the file (0 when not known, e.g. for a missing field of an
/// empty document).
/// </summary>
public sealed record ConfigDiagnostic(string Path, int Line, int Column, string Message)
{
    public override string ToString() => Line > 0 ? $"line {Line}: {Path}: {Message}" : $"{Path}: {Message}";
}
