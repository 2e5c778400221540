using System.Text;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Health.Probes;

/// <summary>The <c>redis</c> probe: optional AUTH, then PING, up on <c>+PONG</c>.</summary>
public sealed class RedisProbe : IHealthProbe
{
    private const int MaxReplyLength = 1024;

    public HealthCheckType Type => HealthCheckType.Redis;

    public async Task<ProbeResult> ProbeAsync(ProbeTarget target, HealthCheckSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(spec);
        var redis = spec.Redis;
        await using var stream = await TcpConnector.ConnectAsync(target, cancellationToken);
        if (redis.PasswordFile is not null)
        {
            var password = await SecretFile.ReadAsync(redis.PasswordFile, cancellationToken);
            string[] auth = redis.Username is null ? ["AUTH", password] : ["AUTH", redis.Username, password];
            var authReply = await CommandAsync(stream, auth, cancellationToken);
            if (authReply != "+OK")
            {
                return ProbeResult.Down($"AUTH failed: {authReply.TrimStart('-')}");
            }
        }

        var reply = await CommandAsync(stream, ["PING"], cancellationToken);
        return reply == "+PONG" ? ProbeResult.Up() : ProbeResult.Down($"PING answered {reply.TrimStart('-')}");
    }

    private static async Task<string> CommandAsync(Stream stream, string[] arguments, CancellationToken cancellationToken)
    {
        var request = new StringBuilder().Append('*').Append(arguments.Length).Append("\r\n");
        foreach (var argument in arguments)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(argument)).Append("\r\n").Append(argument).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cancellationToken);
        return await ReadLineAsync(stream, cancellationToken);
    }

    /// <summary>Reads one reply line; simple strings and errors are all a probe needs.</summary>
    private static async Task<string> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        var buffer = new byte[1];
        while (line.Count < MaxReplyLength)
        {
            if (await stream.ReadAsync(buffer, cancellationToken) == 0)
            {
                throw new ProbeFailedException("connection closed before a reply");
            }

            if (buffer[0] == '\n' && line.Count > 0 && line[^1] == '\r')
            {
                return Encoding.UTF8.GetString(line.ToArray(), 0, line.Count - 1);
            }

            line.Add(buffer[0]);
        }

        throw new ProbeFailedException("reply line too long");
    }
}
