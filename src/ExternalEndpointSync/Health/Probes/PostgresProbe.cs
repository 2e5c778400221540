using System.Buffers.Binary;
using System.Globalization;
using System.Net.Security;
using System.Text;
using ExternalEndpointSync.Model;
using Npgsql;

namespace ExternalEndpointSync.Health.Probes;

/// <summary>
/// The <c>postgres</c> probe. Without credentials it speaks the start of the wire protocol: an
/// SSLRequest (answered <c>S</c> or <c>N</c>), then, over TLS when offered, a StartupMessage. A
/// server that answers with an authentication request, or with an error about the probe's user
/// or database, is up; one that refuses because it is starting up, shutting down or full
/// (SQLSTATE 57P03, 53300) is down. With <see cref="PostgresProbeSpec.PasswordFile"/> it logs
/// in through Npgsql and runs <c>SELECT 1</c>.
/// </summary>
public sealed class PostgresProbe : IHealthProbe
{
    private const int SslRequestCode = 80877103;
    private const int ProtocolVersion3 = 196608;
    private static readonly string[] NotAcceptingConnections = ["57P03", "53300"];

    public HealthCheckType Type => HealthCheckType.Postgres;

    public Task<ProbeResult> ProbeAsync(ProbeTarget target, HealthCheckSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Postgres.PasswordFile is null
            ? HandshakeAsync(target, spec.Postgres, cancellationToken)
            : SelectOneAsync(target, spec, cancellationToken);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5359", Justification = "The handshake check sends no secret; it only needs the server to answer the StartupMessage.")]
    private static async Task<ProbeResult> HandshakeAsync(ProbeTarget target, PostgresProbeSpec spec, CancellationToken cancellationToken)
    {
        Stream stream = await TcpConnector.ConnectAsync(target, cancellationToken);
        try
        {
            var sslRequest = new byte[8];
            BinaryPrimitives.WriteInt32BigEndian(sslRequest, 8);
            BinaryPrimitives.WriteInt32BigEndian(sslRequest.AsSpan(4), SslRequestCode);
            await stream.WriteAsync(sslRequest, cancellationToken);
            var answer = new byte[1];
            await stream.ReadExactlyAsync(answer, cancellationToken);
            switch ((char)answer[0])
            {
                case 'S':
                    var tls = new SslStream(stream, leaveInnerStreamOpen: false, static (_, _, _, _) => true);
                    stream = tls;
                    await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = target.Address.ToString() }, cancellationToken);
                    break;
                case 'N':
                    break;
                default:
                    return ProbeResult.Down($"not a PostgreSQL server: answered 0x{answer[0]:x2} to SSLRequest");
            }

            await stream.WriteAsync(StartupMessage(spec.User, spec.Database), cancellationToken);
            return await ReadStartupAnswerAsync(stream, cancellationToken);
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    private static byte[] StartupMessage(string user, string database)
    {
        var parameters = Encoding.UTF8.GetBytes($"user\0{user}\0database\0{database}\0application_name\0external-endpoint-sync\0\0");
        var message = new byte[8 + parameters.Length];
        BinaryPrimitives.WriteInt32BigEndian(message, message.Length);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4), ProtocolVersion3);
        parameters.CopyTo(message, 8);
        return message;
    }

    private static async Task<ProbeResult> ReadStartupAnswerAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[5];
        await stream.ReadExactlyAsync(header, cancellationToken);
        var length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1));
        switch ((char)header[0])
        {
            case 'R':
                return ProbeResult.Up();
            case 'E' when length is > 4 and < 64 * 1024:
                var body = new byte[length - 4];
                await stream.ReadExactlyAsync(body, cancellationToken);
                var (code, message) = ParseError(body);
                return NotAcceptingConnections.Contains(code)
                    ? ProbeResult.Down($"server does not accept connections: {code} {message}")
                    : ProbeResult.Up();
            default:
                return ProbeResult.Down($"unexpected message '{(char)header[0]}' after StartupMessage");
        }
    }

    /// <summary>Reads the SQLSTATE (field C) and message (field M) of an ErrorResponse body.</summary>
    private static (string Code, string Message) ParseError(ReadOnlySpan<byte> body)
    {
        string code = "", message = "";
        while (body.Length > 1 && body[0] != 0)
        {
            var field = (char)body[0];
            var end = body[1..].IndexOf((byte)0);
            if (end < 0)
            {
                break;
            }

            var value = Encoding.UTF8.GetString(body.Slice(1, end));
            if (field == 'C')
            {
                code = value;
            }
            else if (field == 'M')
            {
                message = value;
            }

            body = body[(end + 2)..];
        }

        return (code, message);
    }

    private static async Task<ProbeResult> SelectOneAsync(ProbeTarget target, HealthCheckSpec spec, CancellationToken cancellationToken)
    {
        var password = await SecretFile.ReadAsync(spec.Postgres.PasswordFile!, cancellationToken);
        var seconds = (int)Math.Clamp(Math.Ceiling(spec.Timeout.TotalSeconds), 1, 3600);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = target.Address.ToString(),
            Port = target.Port,
            Username = spec.Postgres.User,
            Password = password,
            Database = spec.Postgres.Database,
            Pooling = false,
            Timeout = seconds,
            CommandTimeout = seconds,
            SslMode = SslMode.Prefer,
            ApplicationName = "external-endpoint-sync",
        };
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            var value = await command.ExecuteScalarAsync(cancellationToken);
            return Convert.ToInt32(value, CultureInfo.InvariantCulture) == 1
                ? ProbeResult.Up()
                : ProbeResult.Down($"SELECT 1 returned {value}");
        }
        catch (PostgresException exception)
        {
            return ProbeResult.Down($"{exception.SqlState}: {exception.MessageText}");
        }
    }
}
