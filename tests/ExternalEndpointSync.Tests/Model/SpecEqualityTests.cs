using System.Net;
using System.Reflection;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Tests.Registrations;
using Xunit;

namespace ExternalEndpointSync.Tests.Model;

/// <summary>
/// Specs compare by value, so the sources tell "the same registration again" from "a changed one"
/// with <c>==</c>. That holds only while every property has a value-equal type; this test walks
/// them, so a field added with, say, an <c>IReadOnlyList</c> fails here instead of silently making
/// every re-read spec look changed.
/// </summary>
public sealed class SpecEqualityTests
{
    private static readonly HashSet<Type> ValueEqualLeaves =
    [
        typeof(string), typeof(Uri), typeof(TimeSpan), typeof(DateTimeOffset), typeof(decimal), typeof(IPAddress), typeof(IPEndPoint), typeof(IPNetwork), typeof(ValueDictionary),
        typeof(ServiceDefaults),
    ];

    [Fact]
    public void Every_property_of_every_spec_compares_by_value()
    {
        var problems = new List<string>();
        Check(typeof(SyncConfig), "SyncConfig", new HashSet<Type>(), problems);
        Assert.Empty(problems);
    }

    [Fact]
    public void The_walk_catches_a_list_that_compares_by_reference()
    {
        var problems = new List<string>();
        Check(typeof(SpecWithAPlainList), "spec", new HashSet<Type>(), problems);
        Assert.Equal(["spec.Items: IReadOnlyList`1"], problems);
    }

    [Fact]
    public void Two_reads_of_one_file_give_equal_configs()
    {
        const string Body = """
            consul: { nameservers: [ 127.0.0.53 ] }
            services:
              - name: web
                labels: { team: a }
                ports: [ { name: http, port: 80 } ]
                source: { dns: { name: web.example.com, nameservers: [ "192.0.2.53:5353" ] } }
                healthCheck: { type: http, http: { expectedStatuses: [ "200-299", "429" ] } }
              - name: cache
                ports: [ { port: 6379 } ]
                source: { consul: { service: redis, tags: [ primary ], addressPreference: [ lan_ipv4 ] } }
              - name: fixed
                ports: [ { port: 443 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
            """;

        var first = ConfigTestFiles.LoadBody(Body).Config!;
        var second = ConfigTestFiles.LoadBody(Body).Config!;

        Assert.NotSame(first.Services, second.Services);
        Assert.Equal(first with { Services = [.. first.Services.Select(static s => s with { Origin = RegistrationOrigin.Unknown })] }, second with { Services = [.. second.Services.Select(static s => s with { Origin = RegistrationOrigin.Unknown })] });
        Assert.NotEqual(first.Services[0], first.Services[0] with { Labels = ValueDictionary.From(new Dictionary<string, string> { ["team"] = "b" }) });
    }

    [Fact]
    public void Defaults_compare_by_their_content_and_quoting_not_by_where_they_were_read()
    {
        static ServiceDefaults? Read(string defaults) => ConfigTestFiles.LoadBody($"defaults: {defaults}\nservices: []\n").Config!.Defaults;

        Assert.Equal(Read("{ resyncInterval: 10s, publish: { endpoints: true } }"), Read("\n  resyncInterval: 10s\n  publish:\n    endpoints: true"));
        Assert.NotEqual(Read("{ resyncInterval: 10s }"), Read("{ resyncInterval: 20s }"));
        Assert.NotEqual(Read("{ labels: { a: \"1\" } }"), Read("{ labels: { a: 1 } }"));
    }

    private static void Check(Type type, string path, HashSet<Type> seen, List<string> problems)
    {
        if (!seen.Add(type))
        {
            return;
        }

        foreach (var candidate in type.IsAbstract ? Derived(type) : [type])
        {
            foreach (var property in candidate.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(static p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract"))
            {
                CheckValue(property.PropertyType, $"{path}.{property.Name}", seen, problems);
            }
        }
    }

    private static void CheckValue(Type type, string path, HashSet<Type> seen, List<string> problems)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsPrimitive || type.IsEnum || ValueEqualLeaves.Contains(type))
        {
            return;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueList<>))
        {
            CheckValue(type.GetGenericArguments()[0], path + "[]", seen, problems);
        }
        else if (IsRecord(type))
        {
            Check(type, path, seen, problems);
        }
        else
        {
            problems.Add($"{path}: {type.Name}");
        }
    }

    /// <summary>Records (class or struct) get their Equals from the compiler, member by member.</summary>
    private static bool IsRecord(Type type) =>
        type.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance) is not null
        || (type.IsValueType && type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) is not null);

    private static IEnumerable<Type> Derived(Type type) =>
        type.Assembly.GetTypes().Where(candidate => candidate.IsSubclassOf(type) && !candidate.IsAbstract);

    private sealed record SpecWithAPlainList
    {
        public IReadOnlyList<string> Items { get; init; } = [];

        public ValueList<string> Fine { get; init; } = [];
    }
}
