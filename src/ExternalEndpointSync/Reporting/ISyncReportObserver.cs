namespace ExternalEndpointSync.Reporting;

/// <summary>Told of every sync's report as the engine produces it (the Event reporter); must not block or throw.</summary>
public interface ISyncReportObserver
{
    void Observe(SyncReport report);
}
