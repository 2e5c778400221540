using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations;
using ExternalEndpointSync.Registrations.ConfigFile;

namespace ExternalEndpointSync.Cli;

/// <summary>The configuration <c>sync</c> and <c>run</c> both start from: the file, checked, and the owner id from <c>--owner-id</c> or the file.</summary>
public sealed record CommandConfig(SyncConfig Config, string OwnerId)
{
    /// <returns>Null when the file or the owner id is invalid; the reason is already on stderr.</returns>
    public static async Task<CommandConfig?> LoadAsync(string path, string? ownerIdFlag, CliEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var loaded = await ConfigLoader.LoadFileAsync(path, cancellationToken);
        if (!await DiagnosticsWriter.WriteAsync(loaded, environment.Error))
        {
            return null;
        }

        var ownerId = ownerIdFlag ?? loaded.Config!.OwnerId;
        if (!KubernetesNames.IsOwnerId(ownerId))
        {
            await environment.Error.WriteLineAsync($"error: --owner-id: {KubernetesNames.OwnerIdRule}: \"{ownerId}\"");
            return null;
        }

        return new CommandConfig(loaded.Config!, ownerId);
    }
}
