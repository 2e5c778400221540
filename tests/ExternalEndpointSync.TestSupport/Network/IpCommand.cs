using ExternalEndpointSync.TestSupport.Servers;

namespace ExternalEndpointSync.TestSupport.Network;

/// <summary>Runs <c>ip</c> (iproute2); test hosts need root and the program, and say so when either is missing.</summary>
internal static class IpCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly Lazy<string> Executable = new(RequireUsable);

    public static string Path => Executable.Value;

    public static Task<string> RunAsync(params string[] arguments) => ProcessRunner.RunAsync([Path, .. arguments], Timeout);

    private static string RequireUsable()
    {
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException(
                $"test hosts are network namespaces made with 'ip netns add', which needs root; the tests run as '{Environment.UserName}'. Run them as root.");
        }

        return Executables.Require("ip", "iproute2");
    }
}
