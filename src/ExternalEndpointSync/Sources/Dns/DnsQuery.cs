using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;

namespace ExternalEndpointSync.Sources.Dns;

/// <summary>Asks one question through DnsClient and classifies the answer; names are always absolute.</summary>
internal static class DnsQuery
{
    public static async Task<DnsQueryOutcome> AskAsync(ILookupClient client, string name, QueryType type, CancellationToken cancellationToken)
    {
        IDnsQueryResponse response;
        try
        {
            response = await client.QueryAsync(new DnsQuestion(Absolute(name), type), cancellationToken);
        }
        catch (Exception exception) when (exception is DnsResponseException or SocketException or IOException or TimeoutException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new DnsQueryOutcome { Status = DnsQueryStatus.TransientFailure, Reason = Describe(exception) };
        }

        var code = response.Header.ResponseCode;
        if (code == DnsHeaderResponseCode.NotExistentDomain)
        {
            return Empty(response, name, "NXDOMAIN");
        }

        if (code != DnsHeaderResponseCode.NoError)
        {
            return new DnsQueryOutcome { Status = DnsQueryStatus.TransientFailure, Reason = CodeName(code) };
        }

        var records = response.Answers.Where(record => record.RecordType == (ResourceRecordType)type).ToList();
        if (records.Count == 0)
        {
            return Empty(response, name, "no records");
        }

        var chain = CnameChain(response, name);
        var ttl = response.Answers.Min(static record => record.TimeToLive);
        return new DnsQueryOutcome
        {
            Status = DnsQueryStatus.Records,
            Records = records,
            CnameChain = chain,
            Ttl = TimeSpan.FromSeconds(Math.Max(0, ttl)),
        };
    }

    public static string Display(string name) => name.TrimEnd('.');

    private static string Absolute(string name) => name.EndsWith('.') ? name : name + ".";

    private static DnsQueryOutcome Empty(IDnsQueryResponse response, string name, string reason)
    {
        // RFC 2308: an empty answer may be cached for the lesser of the SOA's TTL and its MINIMUM.
        var soa = response.Authorities.SoaRecords().FirstOrDefault();
        return new DnsQueryOutcome
        {
            Status = DnsQueryStatus.Empty,
            Reason = reason,
            CnameChain = CnameChain(response, name),
            Ttl = soa is null ? null : TimeSpan.FromSeconds(Math.Min(soa.TimeToLive, (long)soa.Minimum)),
        };
    }

    private static List<string> CnameChain(IDnsQueryResponse response, string name)
    {
        var aliases = response.Answers.CnameRecords()
            .GroupBy(static record => Display(record.DomainName.Value), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(static group => group.Key, static group => Display(group.First().CanonicalName.Value), StringComparer.OrdinalIgnoreCase);
        var chain = new List<string>();
        var current = Display(name);
        // A looping chain is a broken zone; stop rather than spin.
        while (aliases.TryGetValue(current, out var target) && chain.Count < aliases.Count)
        {
            chain.Add(target);
            current = target;
        }

        return chain;
    }

    private static string CodeName(DnsHeaderResponseCode code) => code switch
    {
        DnsHeaderResponseCode.ServerFailure => "SERVFAIL",
        DnsHeaderResponseCode.Refused => "REFUSED",
        DnsHeaderResponseCode.FormatError => "FORMERR",
        DnsHeaderResponseCode.NotImplemented => "NOTIMP",
        _ => code.ToString(),
    };

    private static string Describe(Exception exception) => exception switch
    {
        DnsResponseException { Code: DnsResponseCode.ConnectionTimeout } => "timed out",
        DnsResponseException { InnerException: SocketException socket } => $"network error: {socket.SocketErrorCode}",
        DnsResponseException dns => dns.DnsError,
        SocketException socket => $"network error: {socket.SocketErrorCode}",
        OperationCanceledException or TimeoutException => "timed out",
        _ => exception.Message,
    };
}
