using ExternalEndpointSync.Cli;
using ExternalEndpointSync.TestSupport.Servers;

namespace ExternalEndpointSync.Tests.Cli;

/// <summary>
/// The cluster is chosen as kubectl chooses it: --kubeconfig, else KUBECONFIG (a merged list),
/// else ~/.kube/config; every wrong kubeconfig or context is one line naming it.
/// </summary>
public sealed class KubernetesConnectionTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ees-kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void KUBECONFIG_wins_over_the_home_folder()
    {
        var home = HomeWith(Kubeconfig("decoy", "http://127.0.0.1:1001"));
        var chosen = Write("chosen", Kubeconfig("chosen", "http://127.0.0.1:1002"));

        var connection = Connect(null, null, ("HOME", home), ("KUBECONFIG", chosen));

        Assert.Equal(1002, Port(connection));
    }

    [Fact]
    public void The_home_folder_is_used_when_KUBECONFIG_is_unset_or_empty()
    {
        var home = HomeWith(Kubeconfig("home", "http://127.0.0.1:1001"));

        Assert.Equal(1001, Port(Connect(null, null, ("HOME", home))));
        Assert.Equal(1001, Port(Connect(null, null, ("HOME", home), ("KUBECONFIG", ""))));
    }

    [Fact]
    public void The_flag_wins_over_KUBECONFIG()
    {
        var fromEnvironment = Write("env", Kubeconfig("env", "http://127.0.0.1:1001"));
        var fromFlag = Write("flag", Kubeconfig("flag", "http://127.0.0.1:1002"));

        Assert.Equal(1002, Port(Connect(fromFlag, null, ("KUBECONFIG", fromEnvironment))));
    }

    [Fact]
    public void A_KUBECONFIG_list_is_merged_first_file_wins_and_missing_files_and_empty_entries_are_skipped()
    {
        // Both files name cluster "shared"; only the first one's server counts. The second adds a context.
        var first = Write("first", """
            apiVersion: v1
            kind: Config
            clusters:
            - { name: shared, cluster: { server: "http://127.0.0.1:1001" } }
            users:
            - { name: one, user: { token: one } }
            contexts:
            - { name: one, context: { cluster: shared, user: one } }
            """);
        var second = Write("second", """
            apiVersion: v1
            kind: Config
            clusters:
            - { name: shared, cluster: { server: "http://127.0.0.1:1002" } }
            - { name: own, cluster: { server: "http://127.0.0.1:1003" } }
            users:
            - { name: two, user: { token: two } }
            contexts:
            - { name: two, context: { cluster: shared, user: two } }
            - { name: own, context: { cluster: own, user: two } }
            current-context: two
            """);
        var list = string.Join(':', "", Path.Combine(directory, "missing"), first, "", second, "");

        // current-context comes from the first file that sets one: the second here.
        Assert.Equal(1001, Port(Connect(null, null, ("KUBECONFIG", list))));
        Assert.Equal(1001, Port(Connect(null, "one", ("KUBECONFIG", list))));
        Assert.Equal(1003, Port(Connect(null, "own", ("KUBECONFIG", list))));
    }

    [Fact]
    public void A_relative_file_reference_is_relative_to_the_kubeconfig_that_holds_it()
    {
        using var authority = TestCertificateAuthority.Create();
        var first = Write("first", Kubeconfig("one", "http://127.0.0.1:1001", currentContext: null));
        var elsewhere = Path.Combine(directory, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        File.Move(authority.WriteCaFile(elsewhere), Path.Combine(elsewhere, "ca.crt"));
        var second = Path.Combine(elsewhere, "kubeconfig");
        File.WriteAllText(second, Kubeconfig("two", "https://127.0.0.1:1002", extraCluster: "certificate-authority: ca.crt"));

        var connection = Connect(null, null, ("KUBECONFIG", $"{first}:{second}"));

        Assert.Equal(1002, Port(connection));
    }

    [Fact]
    public void The_first_current_context_wins()
    {
        var first = Write("first", Kubeconfig("one", "http://127.0.0.1:1001"));
        var second = Write("second", Kubeconfig("two", "http://127.0.0.1:1002"));

        Assert.Equal(1002, Port(Connect(null, null, ("KUBECONFIG", $"{second}:{first}"))));
    }

    [Fact]
    public void A_KUBECONFIG_of_missing_files_is_no_kubeconfig_and_the_home_folder_is_not_read()
    {
        var home = HomeWith(Kubeconfig("decoy", "http://127.0.0.1:1001"));

        var connection = Connect(null, null, ("HOME", home), ("KUBECONFIG", Path.Combine(directory, "missing")));

        Assert.Null(connection.Client);
        Assert.Null(connection.Error);
        Assert.NotNull(connection.NoClusterReason);
    }

    [Fact]
    public void No_kubeconfig_anywhere_is_no_cluster_not_an_error()
    {
        var connection = Connect(null, null, ("HOME", Path.Combine(directory, "empty-home")));

        Assert.Equal((null, null), (connection.Client, connection.Error));
        Assert.NotNull(connection.NoClusterReason);
    }

    public static TheoryData<string, string> BrokenKubeconfigs => new()
    {
        { "garbage", "{{{ not yaml ::: [" },
        { "scalar", "hello" },
        { "list", "- a\n- b\n" },
        { "wrong-type", "clusters: 5\n" },
        { "binary", "\u0000\u0001\u0002PK\u0003" },
        { "nameless", "apiVersion: v1\nkind: Config\nclusters:\n- cluster: { server: 'http://127.0.0.1:1' }\n" },
        { "no-current-context", Kubeconfig("c", "http://127.0.0.1:1", currentContext: null) },
        { "bad-base64", Kubeconfig("c", "https://127.0.0.1:1", extraCluster: "certificate-authority-data: '!!!'") },
        { "bad-certificate", Kubeconfig("c", "https://127.0.0.1:1", extraCluster: "certificate-authority-data: bm90IGEgY2VydA==") },
        { "missing-ca-file", Kubeconfig("c", "https://127.0.0.1:1", extraCluster: "certificate-authority: no-such-ca.crt") },
        { "no-server", "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {}\ncontexts:\n- name: c\n  context: { cluster: c }\ncurrent-context: c\n" },
        { "unknown-user", "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: { server: 'http://127.0.0.1:1' }\ncontexts:\n- name: c\n  context: { cluster: c, user: nobody }\ncurrent-context: c\n" },
    };

    [Theory]
    [MemberData(nameof(BrokenKubeconfigs))]
    public void A_broken_kubeconfig_is_a_one_line_error_naming_the_file(string name, string content)
    {
        var path = Write(name, content);

        foreach (var connection in new[] { Connect(path, null), Connect(null, null, ("KUBECONFIG", path)) })
        {
            Assert.Null(connection.Client);
            Assert.NotNull(connection.Error);
            Assert.Contains(path, connection.Error, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', connection.Error);
        }
    }

    [Fact]
    public void A_missing_or_unreadable_kubeconfig_named_by_the_flag_is_an_error()
    {
        var missing = Path.Combine(directory, "missing");

        Assert.Contains($"{missing} does not exist", Connect(missing, null).Error, StringComparison.Ordinal);
        Assert.Contains($"{directory} is a directory", Connect(directory, null).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_context_is_an_error_naming_it_and_the_known_ones()
    {
        var path = Write("kubeconfig", Kubeconfig("fake", "http://127.0.0.1:1001"));

        var error = Connect(path, "Fake").Error;

        Assert.NotNull(error);
        Assert.Contains("--context \"Fake\"", error, StringComparison.Ordinal);
        Assert.Contains("its contexts: fake", error, StringComparison.Ordinal);
        Assert.Contains("there is no kubeconfig", Connect(null, "fake", ("HOME", Path.Combine(directory, "empty-home"))).Error, StringComparison.Ordinal);
    }

    private static KubernetesConnection Connect(string? flag, string? context, params (string Name, string Value)[] environment)
    {
        var variables = environment.ToDictionary(static v => v.Name, static v => v.Value, StringComparer.Ordinal);
        return KubernetesConnection.Connect(flag, context, name => variables.GetValueOrDefault(name));
    }

    private static int Port(KubernetesConnection connection)
    {
        Assert.True(connection.Client is not null, connection.Error ?? connection.NoClusterReason);
        return connection.Client.BaseUri.Port;
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private string HomeWith(string kubeconfig)
    {
        var home = Path.Combine(directory, $"home-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(home, ".kube"));
        File.WriteAllText(Path.Combine(home, ".kube", "config"), kubeconfig);
        return home;
    }

    /// <summary>A kubeconfig with one cluster, user and context of the same name.</summary>
    private static string Kubeconfig(string name, string server, string? currentContext = "", string extraCluster = "")
    {
        var text = $"apiVersion: v1\nkind: Config\nclusters:\n- name: {name}\n  cluster:\n    server: {server}\n";
        if (extraCluster.Length > 0)
        {
            text += $"    {extraCluster}\n";
        }

        text += $"users:\n- name: {name}\n  user:\n    token: t-{name}\n";
        text += $"contexts:\n- name: {name}\n  context:\n    cluster: {name}\n    user: {name}\n";
        text += currentContext switch
        {
            null => "",
            "" => $"current-context: {name}\n",
            _ => $"current-context: {currentContext}\n",
        };
        return text;
    }
}
