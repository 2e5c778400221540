using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources;

/// <summary>
/// A channel of changed registrations that holds each one at most once: announcing a registration
/// that is already waiting is a no-op. Its depth is bounded by the number of registrations however
/// fast changes arrive, and nothing announced is ever dropped.
/// </summary>
public sealed class CoalescingChangeChannel
{
    private readonly Channel<ServiceKey> _channel = Channel.CreateUnbounded<ServiceKey>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<ServiceKey, byte> _waiting = new();

    public CoalescingChangeChannel() => Reader = new CoalescingReader(this);

    public ChannelReader<ServiceKey> Reader { get; }

    /// <summary>How many registrations are waiting to be read.</summary>
    public int Depth => _waiting.Count;

    public void Announce(ServiceKey service)
    {
        if (_waiting.TryAdd(service, 0) && !_channel.Writer.TryWrite(service))
        {
            _waiting.TryRemove(service, out _);
        }
    }

    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>
    /// Forgets a key once it is read; an announcement racing the read is covered, because the
    /// reader acts on the registration's latest state after reading.
    /// </summary>
    private sealed class CoalescingReader(CoalescingChangeChannel owner) : ChannelReader<ServiceKey>
    {
        public override Task Completion => owner._channel.Reader.Completion;

        public override bool CanCount => true;

        public override int Count => owner._waiting.Count;

        public override bool CanPeek => true;

        public override bool TryRead([MaybeNullWhen(false)] out ServiceKey item)
        {
            if (!owner._channel.Reader.TryRead(out item))
            {
                return false;
            }

            owner._waiting.TryRemove(item, out _);
            return true;
        }

        public override bool TryPeek([MaybeNullWhen(false)] out ServiceKey item) => owner._channel.Reader.TryPeek(out item);

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) =>
            owner._channel.Reader.WaitToReadAsync(cancellationToken);
    }
}
