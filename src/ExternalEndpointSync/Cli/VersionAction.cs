using System.CommandLine;
using System.CommandLine.Invocation;

namespace ExternalEndpointSync.Cli;

/// <summary>What <c>--version</c> and <c>version</c> do: print the version and the commit, exit 0.</summary>
public sealed class VersionAction(TextWriter output) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        output.WriteLine(ProductVersion.Current.ToString());
        return ExitCodes.Success;
    }
}
