using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Configuration;

/// <summary>Reads the top-level <c>consul</c> section; without one every default of <see cref="ConsulSettings"/> applies.</summary>
internal static class ConsulSettingsParser
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10);

    public static ConsulSettings Parse(MappingReader root)
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

        DnsSourceParser.CheckNameservers(nameservers, reader.Diagnostics);

        Uri? uri = null;
        if (address is { } a
            && (!Uri.TryCreate(a.Value, UriKind.Absolute, out uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            reader.Diagnostics.Error(a, $"must be an absolute http or https URI such as http://127.0.0.1:8500: \"{a.Value}\"");
            uri = null;
        }

        if (wait is { } w && (w.Value <= TimeSpan.Zero || w.Value > MaxWait))
        {
            reader.Diagnostics.Error(w, $"must be greater than 0s and at most 10m (Consul's limit for blocking queries), not {DurationParser.Format(w.Value)}");
        }

        if ((clientCertFile is null) != (clientKeyFile is null))
        {
            var given = clientCertFile ?? clientKeyFile;
            reader.Diagnostics.Error(given!.Value, "clientCertFile and clientKeyFile must be given together");
        }

        return new ConsulSettings
        {
            Address = uri ?? defaults.Address,
            TokenFile = tokenFile?.Value,
            TokenEnvironmentVariable = tokenEnv?.Value ?? defaults.TokenEnvironmentVariable,
            CaFile = caFile?.Value,
            ClientCertificateFile = clientCertFile?.Value,
            ClientKeyFile = clientKeyFile?.Value,
            Datacenter = datacenter?.Value,
            Wait = wait?.Value ?? defaults.Wait,
            Nameservers = [.. (nameservers ?? []).Select(static server => server.Value)],
        };
    }
}
