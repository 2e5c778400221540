using System.Security.Cryptography.X509Certificates;
using ExternalEndpointSync.Sources.Consul;

namespace ExternalEndpointSync.Registrations.ConfigFile;

/// <summary>
/// Checks at load the files of the <c>consul</c> section with the reader the client uses later
/// (<see cref="ConsulFileReader"/>), so <c>validate</c> refuses exactly what would fail at run time.
/// Each problem is an error at the field that names the file, with the reason the client would give.
/// </summary>
internal static class ConsulFilesCheck
{
    public static void Check(Located<string>? tokenFile, Located<string>? caFile, Located<string>? certificateFile, Located<string>? keyFile, ConfigDiagnostics diagnostics)
    {
        if (tokenFile is { } token)
        {
            Report(tokenFile, () => ConsulFileReader.ReadToken(token.Value));
        }

        if (caFile is { } ca)
        {
            Report(caFile, () => DisposeAll(ConsulFileReader.ReadAuthorities(ca.Value)));
        }

        if (certificateFile is { } certificatePath && keyFile is { } keyPath)
        {
            // Each file is read on its own first so that validate reports both when neither can be read.
            var certificateReadable = Report(certificateFile, () => ConsulFileReader.ReadPem("clientCertFile", certificatePath.Value));
            var keyReadable = Report(keyFile, () => ConsulFileReader.ReadPem("clientKeyFile", keyPath.Value));
            if (certificateReadable && keyReadable)
            {
                Report(certificateFile, () => ConsulFileReader.ReadClientCertificate(certificatePath.Value, keyPath.Value).Dispose(), keyFile);
            }
        }

        bool Report(Located<string>? field, Action read, Located<string>? otherField = null)
        {
            try
            {
                read();
                return true;
            }
            catch (ConsulFileException failure)
            {
                var blamed = otherField is { } other && other.Path.EndsWith("." + failure.Setting, StringComparison.Ordinal) ? other : field!.Value;
                diagnostics.Error(blamed, failure.Reason!);
                return false;
            }
        }
    }

    private static void DisposeAll(X509Certificate2Collection certificates)
    {
        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }
    }
}
