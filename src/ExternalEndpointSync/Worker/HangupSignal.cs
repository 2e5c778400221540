using System.Runtime.InteropServices;

namespace ExternalEndpointSync.Worker;

/// <summary>
/// SIGHUP under <c>run</c>, taken over before anything else is done: its default action ends the
/// process, and an operator (or a config-reloader sidecar) may send it while the configuration is
/// still being read. One that comes before the worker can reload is kept and reloads the file once
/// it can, because the file may have changed after it was read.
/// </summary>
public sealed class HangupSignal : IDisposable
{
    private readonly Lock gate = new();
    private readonly PosixSignalRegistration registration;
    private readonly Action early;
    private Action? reload;
    private bool pending;

    /// <param name="early">Told of a SIGHUP that came before <see cref="ReloadWith"/> (it is kept for then).</param>
    public HangupSignal(Action early)
    {
        this.early = early ?? throw new ArgumentNullException(nameof(early));
        registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            Received();
        });
    }

    /// <summary>From now on each SIGHUP calls <paramref name="reloadNow"/>; one that came before calls it at once.</summary>
    public void ReloadWith(Action reloadNow)
    {
        ArgumentNullException.ThrowIfNull(reloadNow);
        bool missed;
        lock (gate)
        {
            reload = reloadNow;
            missed = pending;
            pending = false;
        }

        if (missed)
        {
            reloadNow();
        }
    }

    public void Dispose() => registration.Dispose();

    private void Received()
    {
        Action? now;
        lock (gate)
        {
            now = reload;
            pending |= now is null;
        }

        if (now is null)
        {
            early();
        }
        else
        {
            now();
        }
    }
}
