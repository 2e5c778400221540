using System.Threading.Channels;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations;

/// <summary>
/// Several registration sources as one (the config file and the ExternalServices): the current
/// registrations of all of them, and their changes as they come. Which of two registrations of one
/// Service wins is not decided here but before planning (Sync.DuplicateRegistrations).
/// </summary>
public sealed class CombinedRegistrationSource : IRegistrationSource, IAsyncDisposable
{
    private readonly IReadOnlyList<IRegistrationSource> sources;
    private readonly Channel<RegistrationChange> changes = Channel.CreateUnbounded<RegistrationChange>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource stop = new();
    private readonly Task pumps;

    public CombinedRegistrationSource(IReadOnlyList<IRegistrationSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        this.sources = sources;
        pumps = Task.WhenAll(sources.Select(s => PumpAsync(s.Changes, stop.Token)));
    }

    public IReadOnlyList<ExternalServiceSpec> Current => [.. sources.SelectMany(static s => s.Current)];

    public ChannelReader<RegistrationChange> Changes => changes.Reader;

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await pumps;
        stop.Dispose();
    }

    private async Task PumpAsync(ChannelReader<RegistrationChange> from, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in from.ReadAllAsync(cancellationToken))
            {
                changes.Writer.TryWrite(change);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
