using System.Globalization;
using ExternalEndpointSync.TestSupport.Servers;

namespace ExternalEndpointSync.TestSupport.Network;

/// <summary>
/// The network namespaces behind test hosts: named <c>ees-th-PID-N</c> after the process that made
/// them, so one left behind by a crashed run (its process gone) can be told from a live one.
/// </summary>
internal static class TestHostNamespace
{
    public const string Prefix = "ees-th-";

    /// <summary>The interface inside the namespace; the namespace is fresh, so the name is always free.</summary>
    public const string InsideInterface = "veth0";

    public static string NameFor(int processId, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{processId}-{sequence}");

    public static async Task<IReadOnlyList<string>> ListAsync()
    {
        var output = await IpCommand.RunAsync("netns", "list");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(static line => line.Split(' ')[0])
            .Where(static name => name.StartsWith(Prefix, StringComparison.Ordinal))];
    }

    /// <summary>Namespaces with the prefix whose process no longer exists.</summary>
    public static async Task<IReadOnlyList<string>> ListStaleAsync() =>
        [.. (await ListAsync()).Where(static name => OwnerOf(name) is { } owner && owner != Environment.ProcessId && !Directory.Exists($"/proc/{owner}"))];

    /// <summary>
    /// Ends what still runs inside (servers a test left behind), deletes the veth pair (both ends,
    /// at once rather than when the kernel gets round to it) and then the namespace. A namespace
    /// that someone else removed meanwhile (two processes sweeping stale ones) is no failure.
    /// </summary>
    public static async Task RemoveAsync(string name)
    {
        try
        {
            await KillInsideAsync(name);
            await DeletePairAsync(name);
            await IpCommand.RunAsync("netns", "del", name);
        }
        catch (InvalidOperationException)
        {
            if ((await ListAsync()).Contains(name, StringComparer.Ordinal))
            {
                throw;
            }
        }
    }

    private static async Task KillInsideAsync(string name)
    {
        var pids = await IpCommand.RunAsync("netns", "pids", name);
        foreach (var pid in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                await UnixSignal.SendAsync(int.Parse(pid, CultureInfo.InvariantCulture), "KILL");
            }
            catch (InvalidOperationException)
            {
                // It exited between the listing and the signal.
            }
        }
    }

    private static async Task DeletePairAsync(string name)
    {
        try
        {
            await IpCommand.RunAsync("-n", name, "link", "del", InsideInterface);
        }
        catch (InvalidOperationException)
        {
            // The pair was never made (creation failed half-way) or is gone already.
        }
    }

    private static int? OwnerOf(string name)
    {
        var parts = name[Prefix.Length..].Split('-');
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }
}
