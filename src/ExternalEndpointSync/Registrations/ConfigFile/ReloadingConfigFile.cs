using System.Security.Cryptography;
using System.Threading.Channels;
using ExternalEndpointSync.Model;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Registrations.ConfigFile;

/// <summary>
/// A configuration file that is read again while the worker runs: every poll interval when its
/// content changed, and whenever <see cref="RequestReload"/> is called (SIGHUP). The file is read
/// through its path each time, so a ConfigMap volume's <c>..data</c> symlink swap is seen as a new
/// file. A valid file replaces the registrations of every subscriber; an invalid one, or one that
/// changes a <see cref="RestartOnlySettings">restart-only setting</see>, is logged once and the
/// old configuration stays in force until a later file is good.
/// </summary>
public sealed partial class ReloadingConfigFile : IDisposable
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(5);

    private readonly string _path;
    private readonly TimeSpan _pollInterval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<bool> _reloadRequested = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private readonly Lock _gate = new();
    private readonly List<ConfigFileSubscription> _subscribers = [];
    private SyncConfig _current;
    private byte[]? _lastSeenHash;

    public ReloadingConfigFile(string path, SyncConfig loaded, TimeSpan pollInterval, TimeProvider time, ILogger<ReloadingConfigFile> logger)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        _path = path;
        _current = loaded;
        _pollInterval = pollInterval;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _lastSeenHash = HashOf(path);
    }

    /// <summary>Every reload that read a new file (or was asked for), whatever became of it; a poll that found the file unchanged raises nothing.</summary>
    public event Action<ConfigReloadOutcome>? Reloaded;

    /// <summary>The configuration in force.</summary>
    public SyncConfig Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Why the newest file is not in force (invalid, or a restart-only setting changed); null when it is.</summary>
    public string? Problem { get; private set; }

    /// <summary>A view that starts at the configuration in force now and follows every later reload.</summary>
    public ConfigFileSubscription Subscribe()
    {
        lock (_gate)
        {
            var subscription = new ConfigFileSubscription(_current.Services, Unsubscribe);
            _subscribers.Add(subscription);
            return subscription;
        }
    }

    /// <summary>Reload at once even if the content looks unchanged (a file it names may have changed).</summary>
    public void RequestReload() => _reloadRequested.Writer.TryWrite(true);

    /// <summary>Polls until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            bool requested;
            using var interval = new CancellationTokenSource(_pollInterval, _time);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interval.Token);
            try
            {
                requested = await _reloadRequested.Reader.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                requested = false;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await ReloadAsync(force: requested, cancellationToken);
        }
    }

    /// <summary>Reads the file if its content changed (always when <paramref name="force"/>); null when it had not changed.</summary>
    public async Task<ConfigReloadOutcome?> ReloadAsync(bool force, CancellationToken cancellationToken)
    {
        await _reloading.WaitAsync(cancellationToken);
        try
        {
            var hash = HashOf(_path);
            if (!force && hash is not null && _lastSeenHash is not null && hash.AsSpan().SequenceEqual(_lastSeenHash))
            {
                return null;
            }

            _lastSeenHash = hash;
            var outcome = await LoadAsync(cancellationToken);
            Reloaded?.Invoke(outcome);
            return outcome;
        }
        finally
        {
            _reloading.Release();
        }
    }

    private async Task<ConfigReloadOutcome> LoadAsync(CancellationToken cancellationToken)
    {
        var loaded = await ConfigLoader.LoadFileAsync(_path, cancellationToken);
        if (loaded.Config is not { } next)
        {
            var message = string.Join(Environment.NewLine, ConfigDiagnosticFormatter.Format(loaded));
            Log.Invalid(_logger, _path, message);
            Problem = $"{_path} is invalid: {message}";
            return new ConfigReloadOutcome(ConfigReloadResult.Invalid, message);
        }

        if (RestartOnlySettings.Changed(Current, next) is { } setting)
        {
            var message = $"{_path}: {setting} changed; it takes effect only after a restart, so the reload is refused and the previous configuration stays in force";
            Log.Refused(_logger, _path, setting);
            Problem = message;
            return new ConfigReloadOutcome(ConfigReloadResult.Refused, message);
        }

        lock (_gate)
        {
            _current = next;
            foreach (var subscriber in _subscribers)
            {
                subscriber.Replace(next.Services);
            }
        }

        Problem = null;
        Log.Applied(_logger, _path, next.Services.Count);
        return new ConfigReloadOutcome(ConfigReloadResult.Applied);
    }

    public void Dispose() => _reloading.Dispose();

    private void Unsubscribe(ConfigFileSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
        }
    }

    /// <summary>Null when the file cannot be read; the load that follows reports why.</summary>
    private static byte[]? HashOf(string path)
    {
        try
        {
            return SHA256.HashData(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 651, Level = LogLevel.Information, Message = "Reloaded configuration file {Path}: {Services} services")]
        public static partial void Applied(ILogger logger, string path, int services);

        [LoggerMessage(EventId = 652, Level = LogLevel.Error, Message = "Configuration file {Path} changed but is invalid; the previous configuration stays in force:\n{Diagnostics}")]
        public static partial void Invalid(ILogger logger, string path, string diagnostics);

        [LoggerMessage(EventId = 653, Level = LogLevel.Error, Message = "Configuration file {Path} changes {Setting}, which takes effect only after a restart; the reload is refused and the previous configuration stays in force")]
        public static partial void Refused(ILogger logger, string path, string setting);
    }
}
