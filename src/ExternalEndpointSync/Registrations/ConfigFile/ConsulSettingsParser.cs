using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations.ConfigFile;

/// <summary>
/// Reads the top-level <c>consul</c> section; without one every default of <see cref="ConsulSettings"/> applies.
/// With <c>readFiles</c> the files it names are read and checked too (<see cref="ConsulFilesCheck"/>).
/// </summary>
internal static class ConsulSettingsParser
{
    public static ConsulSettings Parse(MappingReader root, bool readFiles)
    {
        var defaults = new ConsulSettings();
        if (root.Mapping("consul") is not { } reader)
        {
            return defaults;
        }

        var address = reader.String("address");
        var tokenFile = reader.String("tokenFile");
        var tokenEnv = reader.String("tokenEnv");
        var caFile = reader.String("caFile");
        var clientCertFile = reader.String("clientCertFile");
        var clientKeyFile = reader.String("clientKeyFile");
        var datacenter = reader.String("datacenter");
        var wait = reader.Duration("wait");
        var nameservers = reader.StringList("nameservers");
        reader.ReportUnknownKeys();

        var parsedNameservers = DnsSourceParser.ParseNameservers(nameservers, reader.Diagnostics);
        ConsulAddress? consulAddress = null;
        if (address is { } a && !ConsulAddress.TryParse(a.Value, out consulAddress, out var error))
        {
            reader.Diagnostics.Error(a, error);
        }

        ConfigBounds.Check(wait, ConfigBounds.MinConsulWait, ConfigBounds.MaxConsulWait, reader.Diagnostics);

        if ((clientCertFile is null) != (clientKeyFile is null))
        {
            var given = clientCertFile ?? clientKeyFile;
            reader.Diagnostics.Error(given!.Value, "clientCertFile and clientKeyFile must be given together");
        }

        if (readFiles)
        {
            ConsulFilesCheck.Check(tokenFile, caFile, clientCertFile, clientKeyFile, reader.Diagnostics);
        }

        return new ConsulSettings
        {
            Address = consulAddress ?? defaults.Address,
            TokenFile = tokenFile?.Value,
            TokenEnvironmentVariable = tokenEnv?.Value ?? defaults.TokenEnvironmentVariable,
            CaFile = caFile?.Value,
            ClientCertificateFile = clientCertFile?.Value,
            ClientKeyFile = clientKeyFile?.Value,
            Datacenter = datacenter?.Value,
            Wait = wait?.Value ?? defaults.Wait,
            Nameservers = parsedNameservers,
        };
    }
}
