using System.Text.RegularExpressions;
using ExternalEndpointSync.Tests.EndToEnd;

namespace ExternalEndpointSync.Tests.Hostile;

/// <summary>What no user may ever see: stack frames, "Unhandled exception", .NET exception type names.</summary>
internal static partial class HostileOutput
{
    public static void AssertNoStackTrace(CliRun run)
    {
        var text = run.Output + run.Error;
        Assert.False(text.Contains("   at ", StringComparison.Ordinal), $"a stack frame reached the user:\n{run}");
        Assert.False(text.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase), $"an unhandled exception reached the user:\n{run}");
        Assert.False(ExceptionTypeName().IsMatch(text), $"an exception type name reached the user:\n{run}");
        Assert.False(text.Contains("(Parameter '", StringComparison.Ordinal), $"an argument exception reached the user:\n{run}");
        Assert.False(text.Contains("Object reference not set", StringComparison.Ordinal), $"a null reference reached the user:\n{run}");
    }

    [GeneratedRegex(@"\b(System\.)?[A-Z]\w*Exception\b")]
    private static partial Regex ExceptionTypeName();
}
