using System.Net.Sockets;
using System.Security.Authentication;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Health.Probes;

/// <summary>
/// Runs one probe under the check's timeout and turns every way a probe can fail (exception,
/// timeout, missing probe) into a <see cref="ProbeResult"/>. Only the caller's own cancellation
/// escapes as <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class ProbeExecutor
{
    /// <summary>
    /// How long after its timeout a probe that ignores cancellation is abandoned. A probe that
    /// honours its token ends within it, so it is still counted against the in-flight limit.
    /// </summary>
    public static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(1);

    private readonly Dictionary<HealthCheckType, IHealthProbe> _probes;
    private readonly TimeProvider _timeProvider;

    public ProbeExecutor(IEnumerable<IHealthProbe> probes, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(probes);
        _probes = probes.ToDictionary(static p => p.Type);
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    public async Task<ProbeResult> RunAsync(ProbeTarget target, HealthCheckSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(spec);
        if (!_probes.TryGetValue(spec.Type, out var probe))
        {
            return ProbeResult.Down($"no probe for health check type {spec.Type}");
        }

        using var timeout = new CancellationTokenSource(spec.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var abandonAfter = new CancellationTokenSource(spec.Timeout + AbandonGrace, _timeProvider);
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, abandonAfter.Token);
        try
        {
            // A probe that ignores its token is abandoned: a hung probe must not stall the schedule or a dispose.
            return await probe.ProbeAsync(target, spec, linked.Token).WaitAsync(abandon.Token);
        }
        catch (Exception) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Down($"timed out after {spec.Timeout.TotalSeconds:0.###}s");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Down(Describe(exception));
        }
    }

    private static string Describe(Exception exception) => exception switch
    {
        ProbeFailedException failed => failed.Message,
        SocketException socket => $"connect failed: {socket.SocketErrorCode}",
        AuthenticationException tls => $"TLS handshake failed: {tls.Message}",
        HttpRequestException { InnerException: { } inner } => Describe(inner),
        _ when exception.InnerException is SocketException inner => Describe(inner),
        _ => exception.Message,
    };
}
