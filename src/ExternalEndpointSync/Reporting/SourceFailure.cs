namespace ExternalEndpointSync.Reporting;

/// <summary>A registration's source failed: its kind (<c>dns</c>, <c>consul</c>, <c>static</c>) and the report line saying why.</summary>
public sealed record SourceFailure(string Source, string Message);
