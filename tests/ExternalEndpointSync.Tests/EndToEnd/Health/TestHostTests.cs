using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using ExternalEndpointSync.TestSupport.Network;
using ExternalEndpointSync.TestSupport.Servers;
using ExternalEndpointSync.TestSupport.Time;

namespace ExternalEndpointSync.Tests.EndToEnd.Health;

/// <summary>The test hosts themselves: reachable, distinct, and gone afterwards, stale ones included.</summary>
public sealed class TestHostTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_host_answers_at_its_address_and_is_removed_on_dispose()
    {
        var host = await TestHost.CreateAsync();
        string name = host.Name, hostInterface = host.HostInterface;
        await using (host)
        {
            var inside = await host.RunInsideAsync(["ip", "-4", "-o", "addr", "show"], CommandTimeout);
            Assert.Contains($"inet {host.Address}/30", inside, StringComparison.Ordinal);
            Assert.Contains("inet 127.0.0.1/8", inside, StringComparison.Ordinal);

            // Nothing listens inside, so the host's own kernel refuses: the address is reached, not black-holed.
            using var client = new TcpClient();
            var refused = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(host.Address, 9));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }

        Assert.DoesNotContain(name, await Ip("netns", "list"), StringComparison.Ordinal);
        Assert.DoesNotContain(hostInterface + ":", await Ip("-o", "link", "show"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hosts_made_at_once_get_distinct_addresses()
    {
        var hosts = await Task.WhenAll(Enumerable.Range(0, 4).Select(static _ => TestHost.CreateAsync()));
        try
        {
            Assert.Equal(4, hosts.Select(static h => h.Address).Distinct().Count());
            Assert.All(hosts, static h => Assert.Equal(h.HostSideAddress.GetAddressBytes()[3] + 1, h.Address.GetAddressBytes()[3]));
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_host_left_by_a_process_that_is_gone_is_removed_with_what_still_runs_inside()
    {
        // No process has this id: it is above the kernel's largest pid (2^22).
        const string stale = "ees-th-4194305-1";
        await Ip("netns", "add", stale);
        using var leftover = Process.Start(new ProcessStartInfo(Executables.Require("ip", "iproute2"), ["netns", "exec", stale, Executables.Require("sleep", "coreutils"), "600"]))!;
        try
        {
            await WaitUntilInsideAsync(stale, leftover.Id);

            await TestHost.RemoveStaleAsync();

            Assert.DoesNotContain(stale, await Ip("netns", "list"), StringComparison.Ordinal);
            using var exited = new CancellationTokenSource(CommandTimeout);
            await leftover.WaitForExitAsync(exited.Token);
        }
        finally
        {
            if (!leftover.HasExited)
            {
                leftover.Kill();
            }

            if ((await Ip("netns", "list")).Contains(stale, StringComparison.Ordinal))
            {
                await Ip("netns", "del", stale);
            }
        }
    }

    /// <summary>Waits until <c>ip netns exec</c> has exec'd into the namespace, so the sweep finds the process there.</summary>
    private static async Task WaitUntilInsideAsync(string name, int pid)
    {
        var inside = await Poll.UntilAsync(async () => (await Ip("netns", "pids", name)).Split('\n').Contains(pid.ToString(CultureInfo.InvariantCulture)), CommandTimeout);
        Assert.True(inside, $"process {pid} not inside {name} within {CommandTimeout}");
    }

    private static Task<string> Ip(params string[] arguments) =>
        ProcessRunner.RunAsync([Executables.Require("ip", "iproute2"), .. arguments], CommandTimeout);
}
