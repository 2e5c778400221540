using System.Diagnostics.CodeAnalysis;

namespace ExternalEndpointSync.Model;

/// <summary>
/// Where Consul's HTTP API is: an absolute <c>http</c> or <c>https</c> URI of scheme, host and
/// port only. Userinfo is refused, not redacted: Consul takes the token from a header, never from
/// the URI, so credentials there would be ignored and only end up in reports and logs. A path is
/// refused because the client talks to <c>/v1/…</c> at the root of the address and would drop it.
/// </summary>
public sealed record ConsulAddress
{
    public static readonly ConsulAddress LocalAgent = new(new Uri("http://127.0.0.1:8500/"));

    private ConsulAddress(Uri uri) => Uri = uri;

    /// <summary>The address, always ending in '/' so that relative API paths resolve below it.</summary>
    public Uri Uri { get; }

    /// <exception cref="FormatException"><paramref name="text"/> is not a Consul address.</exception>
    public static ConsulAddress Parse(string text) =>
        TryParse(text, out var address, out var error) ? address : throw new FormatException(error);

    public static bool TryParse(string text, [NotNullWhen(true)] out ConsulAddress? address, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        address = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            error = $"must be an absolute http or https URI such as http://127.0.0.1:8500: \"{Redacted(text)}\"";
            return false;
        }

        if (uri.UserInfo.Length > 0)
        {
            error = $"must not contain a user name or password (\"{Redacted(text)}\"): Consul ignores them; put the ACL token in tokenFile or tokenEnv";
            return false;
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            error = $"must be scheme, host and port only, without a path, query or fragment (the API is always at /v1/): \"{text}\"";
            return false;
        }

        address = new ConsulAddress(uri);
        error = null;
        return true;
    }

    public override string ToString() => Uri.ToString();

    private static string Redacted(string address)
    {
        var schemeEnd = address.IndexOf("://", StringComparison.Ordinal);
        var at = address.IndexOf('@', StringComparison.Ordinal);
        return schemeEnd >= 0 && at > schemeEnd ? $"{address[..(schemeEnd + 3)]}(redacted)@{address[(at + 1)..]}" : address;
    }
}
