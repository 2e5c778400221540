using System.Globalization;
using System.Net;
using ExternalEndpointSync.TestSupport.Servers;

namespace ExternalEndpointSync.TestSupport.Network;

/// <summary>
/// A host of its own for a test: a network namespace joined to this one by a veth pair with a /30
/// from 10.250.0.0/16. Servers started with <see cref="CommandPrefix"/> run inside and are reached
/// at <see cref="Address"/>, a real address Kubernetes accepts as an endpoint (loopback never is).
/// In-process servers cannot bind inside; they can use <see cref="HostSideAddress"/>, the other end
/// of the pair. Needs root and iproute2. Disposing removes the namespace and the pair; the first
/// host of a process also removes those a crashed earlier run left behind.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private const int BlockCount = 1 << 14;
    private const int ClaimAttempts = 512;
    private const string HostInterfacePrefix = "eesth";

    private static readonly Lazy<Task> StaleRemoval = new(RemoveStaleAsync);
    private static int _created;

    private bool _disposed;

    private TestHost(string name, string hostInterface, IPAddress address, IPAddress hostSideAddress)
    {
        Name = name;
        HostInterface = hostInterface;
        Address = address;
        HostSideAddress = hostSideAddress;
        CommandPrefix = [IpCommand.Path, "netns", "exec", name];
    }

    /// <summary>The network namespace.</summary>
    public string Name { get; }

    /// <summary>This machine's end of the veth pair (the namespace's end is <c>veth0</c>).</summary>
    public string HostInterface { get; }

    /// <summary>The test host's address: the namespace's end of the pair (10.250.x.y, y ≡ 2 mod 4).</summary>
    public IPAddress Address { get; }

    /// <summary>The address of this machine's end of the pair (one below <see cref="Address"/>), for in-process servers.</summary>
    public IPAddress HostSideAddress { get; }

    /// <summary>Runs a program inside the test host (<c>ip netns exec NAME</c>); it execs, so signals reach the program.</summary>
    public IReadOnlyList<string> CommandPrefix { get; }

    public static async Task<TestHost> CreateAsync()
    {
        await StaleRemoval.Value;
        var sequence = Interlocked.Increment(ref _created);
        var name = TestHostNamespace.NameFor(Environment.ProcessId, sequence);
        await IpCommand.RunAsync("netns", "add", name);
        try
        {
            var (hostInterface, block) = await ClaimBlockAsync(name, sequence);
            var hostSide = BlockAddress(block, 1);
            var inside = BlockAddress(block, 2);
            await IpCommand.RunAsync("addr", "add", $"{hostSide}/30", "dev", hostInterface);
            await IpCommand.RunAsync("link", "set", hostInterface, "up");
            await IpCommand.RunAsync("-n", name, "addr", "add", $"{inside}/30", "dev", TestHostNamespace.InsideInterface);
            await IpCommand.RunAsync("-n", name, "link", "set", TestHostNamespace.InsideInterface, "up");
            await IpCommand.RunAsync("-n", name, "link", "set", "lo", "up");
            return new TestHost(name, hostInterface, inside, hostSide);
        }
        catch
        {
            await TestHostNamespace.RemoveAsync(name);
            throw;
        }
    }

    /// <summary>Removes the test hosts of processes that no longer run (a crashed or killed test run).</summary>
    public static async Task RemoveStaleAsync()
    {
        foreach (var name in await TestHostNamespace.ListStaleAsync())
        {
            await TestHostNamespace.RemoveAsync(name);
        }
    }

    /// <summary>Runs a short command inside the test host and returns its output; fails with the output when it fails.</summary>
    public Task<string> RunInsideAsync(IReadOnlyList<string> command, TimeSpan timeout) =>
        ProcessRunner.RunAsync([.. CommandPrefix, .. command], timeout);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await TestHostNamespace.RemoveAsync(Name);
    }

    public override string ToString() => $"{Name} ({Address})";

    /// <summary>
    /// Makes the veth pair on a /30 nobody uses. The host-side interface is named after the block,
    /// and interface names are unique, so creating it claims the block even against test hosts of
    /// other processes starting at the same moment; an address already on this host skips the block
    /// as well, in case something other than a test host uses the range.
    /// </summary>
    private static async Task<(string Interface, int Block)> ClaimBlockAsync(string name, int sequence)
    {
        var inUse = await AddressesInUseAsync();
        var start = (int)((((long)Environment.ProcessId * 61) + (sequence * 7)) % BlockCount);
        for (var attempt = 0; attempt < ClaimAttempts; attempt++)
        {
            var block = (start + attempt) % BlockCount;
            if (inUse.Contains(BlockAddress(block, 1)) || inUse.Contains(BlockAddress(block, 2)))
            {
                continue;
            }

            var hostInterface = string.Create(CultureInfo.InvariantCulture, $"{HostInterfacePrefix}{block}");
            try
            {
                await IpCommand.RunAsync("link", "add", hostInterface, "type", "veth", "peer", "name", TestHostNamespace.InsideInterface, "netns", name);
                return (hostInterface, block);
            }
            catch (InvalidOperationException e) when (e.Message.Contains("File exists", StringComparison.Ordinal))
            {
            }
        }

        throw new InvalidOperationException($"no free /30 in 10.250.0.0/16 after {ClaimAttempts} attempts");
    }

    private static async Task<HashSet<IPAddress>> AddressesInUseAsync()
    {
        var output = await IpCommand.RunAsync("-4", "-o", "addr", "show");
        var addresses = new HashSet<IPAddress>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var at = Array.IndexOf(fields, "inet");
            if (at >= 0 && at + 1 < fields.Length && IPAddress.TryParse(fields[at + 1].Split('/')[0], out var address))
            {
                addresses.Add(address);
            }
        }

        return addresses;
    }

    private static IPAddress BlockAddress(int block, int host)
    {
        var offset = (block * 4) + host;
        return new IPAddress([10, 250, (byte)(offset >> 8), (byte)(offset & 0xff)]);
    }
}
