using System.Text;
using ExternalEndpointSync.Registrations;

namespace ExternalEndpointSync.Tests.Hostile;

/// <summary>
/// The hostile inputs the product once crashed, hung or misled on, and their neighbours. Big
/// ones are generated here rather than committed.
/// </summary>
internal static class HostileCorpus
{
    private const string Header = "apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\n";

    private const string StaticService = "  - name: web\n    ports: [ { name: http, port: 80 } ]\n    source: { static: { addresses: [ 192.0.2.10 ] } }\n";

    public static IReadOnlyList<HostileCase> Cases { get; } =
    [
        File("deep-nesting-20000", Header + "x: " + new string('[', 20_000) + new string(']', 20_000) + "\nservices:\n" + StaticService, "ConfigLimits.MaxNestingDepth"),
        File("deep-nesting-mappings", Header + "x: " + string.Concat(Enumerable.Repeat("{a: ", 5000)) + "1" + new string('}', 5000) + "\nservices:\n" + StaticService, "ConfigLimits.MaxNestingDepth"),
        File("alias-bomb-in-defaults", Header + AliasBomb() + "services:\n" + StaticService, "ConfigLimits.MaxExpandedNodes"),
        File("alias-bomb-in-labels", Header + "services:\n" + StaticService + "    labels:\n" + AliasBomb().Replace("defaults:\n  labels:\n", "", StringComparison.Ordinal).Replace("    a", "      a", StringComparison.Ordinal), "ConfigLimits.MaxExpandedNodes"),
        new("unknown-keys-50MB", async world => await BigFileAsync(world, "unknown-50mb.yaml", 50 * 1024 * 1024), false, "ConfigLimits.MaxDocumentBytes", []),
        File("unknown-keys-just-under-the-size-limit", Header + "services:\n" + StaticService + UnknownKeys(ConfigLimits.MaxDocumentBytes - 4096), "more errors"),
        File("huge-duplicate-address-list", Header + "services:\n  - name: web\n    ports: [ { port: 80 } ]\n    source: { static: { addresses: [" + string.Join(",", Enumerable.Repeat("192.0.2.10", 80_000)) + "] } }\n", "", valid: true),
        File("huge-flat-list-over-node-budget", Header + "x: [" + string.Join(",", Enumerable.Repeat("1", (int)ConfigLimits.MaxExpandedNodes + 1000)) + "]\nservices:\n" + StaticService, "ConfigLimits.MaxExpandedNodes"),
        File("resync-2000h", Header + "services:\n" + StaticService + "    resyncInterval: 2000h\n", "services[0].resyncInterval"),
        File("resync-1ms", Header + "services:\n" + StaticService + "    resyncInterval: 1ms\n", "services[0].resyncInterval"),
        File("health-timeout-2000h", Header + "services:\n" + StaticService + "    healthCheck: { type: tcp, interval: 1h, timeout: 2000h }\n", "services[0].healthCheck.timeout"),
        File("dns-retries-2e9", Header + "services:\n  - name: db\n    ports: [ { port: 5432 } ]\n    source: { dns: { name: db.example.com, retries: 2000000000 } }\n", "services[0].source.dns.retries"),
        File("duration-overflow", Header + "services:\n" + StaticService + "    resyncInterval: 99999999999999999999999h\n", "services[0].resyncInterval"),
        File("int-overflow-port", Header + "services:\n  - name: web\n    ports: [ { port: 99999999999999999999 } ]\n    source: { static: { addresses: [ 192.0.2.10 ] } }\n", "services[0].ports[0].port"),
        new("consul-token-missing", world => ConsulAsync(world, "tokenFile", null), false, "consul.tokenFile", []),
        new("consul-token-directory", world => ConsulAsync(world, "tokenFile", "dir"), false, "consul.tokenFile", []),
        new("consul-token-not-ascii", world => ConsulAsync(world, "tokenFile", "tök€n"), false, "consul.tokenFile", []),
        new("consul-token-empty", world => ConsulAsync(world, "tokenFile", ""), false, "consul.tokenFile", []),
        new("consul-ca-missing", world => ConsulAsync(world, "caFile", null), false, "consul.caFile", []),
        new("consul-ca-garbage", world => ConsulAsync(world, "caFile", "garbage"), false, "consul.caFile", []),
        new("consul-client-pair-garbage", world => ConsulAsync(world, "clientCertFile", "garbage"), false, "consul.clientCertFile", []),
        File("consul-userinfo", Header + "consul: { address: \"http://user:secret@127.0.0.1:8500\" }\nservices: []\n", "consul.address"),
        File("consul-path", Header + "consul: { address: \"http://127.0.0.1:8500/consul\" }\nservices: []\n", "consul.address"),
        File("http-host-crlf", Header + "services:\n" + StaticService + "    healthCheck: { type: http, http: { host: \"a\\r\\nb\" } }\n", "services[0].healthCheck.http.host"),
        File("annotations-over-256KiB", Header + "services:\n" + StaticService + "    annotations: { a: " + new string('v', 200_000) + ", b: " + new string('v', 100_000) + " }\n", "services[0].annotations"),
        File("address-with-port", Header + "services:\n  - name: web\n    ports: [ { port: 80 } ]\n    source: { static: { addresses: [ 192.0.2.10:8080 ] } }\n", "without a port"),
        File("tab-indentation", Header + "services:\n  - name: web\n\tports: [ { port: 80 } ]\n", ":5:1: error: (syntax)"),
        File("empty-file", "", "(root)"),
        File("only-document-markers", "---\n---\n", "(syntax)"),
        File("binary-garbage", Encoding.Latin1.GetString([.. Enumerable.Range(0, 4096).Select(static i => (byte)((i * 7919) % 256))]), "error"),
        File("nul-bytes", Header + "services:\n\0\0\0\n", "error"),
        File("json-array-root", "[1, 2, 3]\n", "(root)"),
        File("unterminated-flow", Header + "services: [ { name: web, ports: [ { port: 80 }\n", "(syntax)"),
        File("undefined-alias", Header + "services: *nothing\n", "services"),
        File("merge-key", Header + "base: &b { name: web }\nservices:\n  - <<: *b\n", "services[0]"),
        File("huge-scalar-key", Header + new string('k', 500_000) + ": 1\nservices:\n" + StaticService, "(syntax)"),
        File("doubtful-addresses-warn", Header + "services:\n  - name: web\n    namespace: kube-system\n    ports: [ { port: 80 } ]\n    source: { static: { addresses: [ \" 192.0.2.10 \", 239.1.1.1, 255.255.255.255, 10.96.0.1, \"::ffff:192.0.2.11\" ] } }\n    labels: { tier: }\n", "warning", valid: true),
        new("config-is-a-directory", static world => Task.FromResult(world.Directory), false, "it is a directory, not a file", []),
        new("config-missing", static world => Task.FromResult(world.PathFor("missing.yaml")), false, "the file does not exist", []),
        new("bad-owner-id-flag", static world => world.WriteAsync("owner.yaml", Header + "services:\n" + StaticService), false, "--owner-id", ["--owner-id", "Not Valid!"]) { SyncOnly = true },
        new("garbage-kubeconfig", static world => world.WriteAsync("kube.yaml", Header + "services:\n" + StaticService), false, "", ["--kubeconfig", "/proc/self/status"]) { SyncOnly = true, MustMention = "kubeconfig /proc/self/status" },
    ];

    private static HostileCase File(string name, string text, string mustMention, bool valid = false) =>
        new(name, world => world.WriteAsync(name + ".yaml", text), valid, mustMention, []);

    /// <summary>Nine levels of nine aliases each: about 700 bytes standing for 9^10 nodes.</summary>
    private static string AliasBomb()
    {
        var bomb = new StringBuilder("defaults:\n  labels:\n    a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level < 10; level++)
        {
            bomb.Append($"    a{level}: &a{level} [{string.Join(",", Enumerable.Repeat($"*a{level - 1}", 9))}]\n");
        }

        return bomb.ToString();
    }

    private static string UnknownKeys(int bytes)
    {
        var text = new StringBuilder();
        for (var i = 0; text.Length < bytes - 32; i++)
        {
            text.Append("unknown").Append(i).Append(": 1\n");
        }

        return text.ToString();
    }

    private static async Task<string> BigFileAsync(HostileWorld world, string name, int bytes)
    {
        var path = world.PathFor(name);
        await using var file = new StreamWriter(path);
        await file.WriteAsync(Header + "services:\n" + StaticService);
        var line = 0;
        var written = 0L;
        while (written < bytes)
        {
            var text = $"unknown{line++}: 1\n";
            await file.WriteAsync(text);
            written += text.Length;
        }

        return path;
    }

    /// <summary>A Consul service whose <paramref name="field"/> names a file that is missing (null), a directory ("dir") or holds the text.</summary>
    private static async Task<string> ConsulAsync(HostileWorld world, string field, string? content)
    {
        var file = world.PathFor($"{field}-{Guid.NewGuid():N}");
        if (content == "dir")
        {
            Directory.CreateDirectory(file);
        }
        else if (content is not null)
        {
            await System.IO.File.WriteAllTextAsync(file, content);
        }

        var pair = field == "clientCertFile" ? $", clientKeyFile: \"{file}\"" : "";
        return await world.WriteAsync($"consul-{Guid.NewGuid():N}.yaml",
            Header + $"consul: {{ address: \"http://127.0.0.1:1\", {field}: \"{file}\"{pair} }}\nservices:\n" + StaticService
            + "  - name: cache\n    ports: [ { port: 6379 } ]\n    source: { consul: { service: redis } }\n");
    }
}
