namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>Who a request authenticated as, as a token authenticator reports it.</summary>
public sealed record RequestUser(string Name, IReadOnlyList<string> Groups)
{
    public static readonly RequestUser Anonymous = new("system:anonymous", ["system:unauthenticated"]);

    public static readonly RequestUser Admin = new("system:admin", ["system:masters", "system:authenticated"]);

    public static RequestUser ServiceAccount(string @namespace, string name) =>
        new($"system:serviceaccount:{@namespace}:{name}", ["system:serviceaccounts", $"system:serviceaccounts:{@namespace}", "system:authenticated"]);
}
