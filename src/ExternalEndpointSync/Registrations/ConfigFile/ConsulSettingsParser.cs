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

        DnsSourceParser.CheckNameservers(nameservers, reader.Diagnostics);

        var uri = address is { } a ? ReadAddress(a, reader.Diagnostics) : null;

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

    /// <summary>
    /// Userinfo is refused, not redacted: Consul takes the token from a header, never from the URI,
    /// so credentials there would be ignored and only end up in reports and logs. A path is refused
    /// because the client talks to <c>/v1/…</c> at the root of the address and would drop it.
    /// </summary>
    private static Uri? ReadAddress(Located<string> address, ConfigDiagnostics diagnostics)
    {
        if (!Uri.TryCreate(address.Value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            diagnostics.Error(address, $"must be an absolute http or https URI such as http://127.0.0.1:8500: \"{Redacted(address.Value)}\"");
            return null;
        }

        if (uri.UserInfo.Length > 0)
        {
            diagnostics.Error(address, $"must not contain a user name or password (\"{Redacted(address.Value)}\"): Consul ignores them; put the ACL token in tokenFile or tokenEnv");
            return null;
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            diagnostics.Error(address, $"must be scheme, host and port only, without a path, query or fragment (the API is always at /v1/): \"{address.Value}\"");
            return null;
        }

        return uri;
    }

    private static string Redacted(string address)
    {
        var schemeEnd = address.IndexOf("://", StringComparison.Ordinal);
        var at = address.IndexOf('@', StringComparison.Ordinal);
        return schemeEnd >= 0 && at > schemeEnd ? $"{address[..(schemeEnd + 3)]}(redacted)@{address[(at + 1)..]}" : address;
    }
}
