using ExternalEndpointSync.TestSupport.Servers;

namespace ExternalEndpointSync.Tests.Image;

/// <summary>
/// The image as far as a machine without a container engine can build it: the Dockerfile's
/// stages are followed instruction by instruction, each in a directory standing for its root
/// file system (COPY from the build context honouring .dockerignore, or from another stage;
/// RUN only for <c>dotnet</c> commands, with their container paths mapped). The build stage has
/// no .git, as in Docker. The final stage's <c>/app</c> is then made read-only, and the
/// ENTRYPOINT runs as an unprivileged user. Built once for a test class; deleted afterwards.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PublishedImage : IAsyncLifetime
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(1);

    private readonly string _root = Directory.CreateTempSubdirectory("ees-image-").FullName;
    private readonly Dictionary<string, string> _stageRoots = new(StringComparer.Ordinal);
    private IReadOnlyList<string> _entrypoint = [];
    private string _workingDirectory = "/";

    /// <summary>The final stage's root file system on this machine.</summary>
    public string FinalRoot { get; private set; } = "";

    public string AppDirectory => HostPath(FinalRoot, "/app");

    public async Task InitializeAsync()
    {
        File.SetUnixFileMode(_root, (UnixFileMode)0b111_101_101);
        var ignored = IgnorePatterns();
        var stages = Repository.Dockerfile.Stages;
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            var stageRoot = Path.Combine(_root, stage.Name ?? $"stage{i}");
            Directory.CreateDirectory(stageRoot);
            _stageRoots[stage.Name ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = stageRoot;
            _workingDirectory = "/";
            foreach (var instruction in stage.Instructions)
            {
                await FollowAsync(stageRoot, instruction, ignored);
            }

            FinalRoot = stageRoot;
        }

        MakeReadOnly(AppDirectory);
    }

    /// <summary>Runs the ENTRYPOINT with <paramref name="args"/> as its CMD, from its WORKDIR, as an unprivileged user.</summary>
    public Task<ProcessResult> RunAsync(params string[] args) =>
        ProcessRunner.RunAsync([.. UserSwitch(), .. Entrypoint(), .. args], HostPath(FinalRoot, _workingDirectory), RunEnvironment(), RunTimeout);

    /// <summary>Starts the ENTRYPOINT with <paramref name="args"/> as a long-running process (the worker), as <see cref="RunAsync"/> runs it.</summary>
    public ServerProcess Start(params string[] args)
    {
        var entrypoint = Entrypoint();
        return ServerProcess.Start(UserSwitch(), entrypoint[0], [.. entrypoint.Skip(1), .. args], HostPath(FinalRoot, _workingDirectory), RunEnvironment());
    }

    public Task DisposeAsync()
    {
        foreach (var directory in Directory.EnumerateDirectories(_root, "*", SearchOption.AllDirectories).Prepend(_root))
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    private async Task FollowAsync(string stageRoot, DockerInstruction instruction, IReadOnlyList<string> ignored)
    {
        switch (instruction.Keyword)
        {
            case "WORKDIR":
                _workingDirectory = instruction.Arguments.StartsWith('/') ? instruction.Arguments : $"{_workingDirectory.TrimEnd('/')}/{instruction.Arguments}";
                Directory.CreateDirectory(HostPath(stageRoot, _workingDirectory));
                break;
            case "COPY":
                Copy(stageRoot, instruction.Words, ignored);
                break;
            case "RUN":
                await RunBuildCommandAsync(stageRoot, instruction.Words);
                break;
            case "ENTRYPOINT":
                _entrypoint = instruction.ExecForm;
                break;
            case "USER" or "CMD" or "ARG" or "ENV" or "LABEL" or "EXPOSE":
                break;
            default:
                throw new InvalidOperationException($"the Dockerfile uses {instruction.Keyword}, which this test cannot follow yet");
        }
    }

    private void Copy(string stageRoot, IReadOnlyList<string> words, IReadOnlyList<string> ignored)
    {
        var from = words.FirstOrDefault(static w => w.StartsWith("--from=", StringComparison.Ordinal))?["--from=".Length..];
        var paths = words.Where(static w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
        var destination = paths[^1].StartsWith('/') ? paths[^1] : $"{_workingDirectory.TrimEnd('/')}/{paths[^1]}";
        var target = HostPath(stageRoot, destination);
        foreach (var source in paths.SkipLast(1))
        {
            var sourcePath = from is null ? Path.Combine(Repository.Root, source) : HostPath(_stageRoots[from], source);
            if (Directory.Exists(sourcePath))
            {
                foreach (var file in Directory.EnumerateFiles(sourcePath, "*", SearchOption.AllDirectories))
                {
                    var relative = Path.GetRelativePath(sourcePath, file);
                    if (from is null && IsIgnored(Path.GetRelativePath(Repository.Root, file), ignored))
                    {
                        continue;
                    }

                    CopyFile(file, Path.Combine(target, relative));
                }
            }
            else
            {
                CopyFile(sourcePath, destination.EndsWith('/') || paths.Count > 2 ? Path.Combine(target, Path.GetFileName(source)) : target);
            }
        }
    }

    private async Task RunBuildCommandAsync(string stageRoot, IReadOnlyList<string> words)
    {
        Assert.True(words[0] == "dotnet", $"the Dockerfile runs '{string.Join(' ', words)}'; this test only follows dotnet commands");
        var command = words.Select(w => w.StartsWith('/') ? HostPath(stageRoot, w) : w).ToList();

        // No build servers outliving the test; the command itself stays the Dockerfile's.
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["UseSharedCompilation"] = "false",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        var result = await ProcessRunner.RunAsync(command, HostPath(stageRoot, _workingDirectory), environment, BuildTimeout);
        Assert.True(result.ExitCode == 0, $"{string.Join(' ', words)}: {result}");
    }

    private static IReadOnlyList<string> UserSwitch() => UnprivilegedUser.ForServers()?.SwitchCommand() ?? [];

    private List<string> Entrypoint()
    {
        var dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        return [.. _entrypoint.Select((word, i) => i == 0 && word == "dotnet" ? dotnet : word)];
    }

    private Dictionary<string, string?> RunEnvironment() => new(StringComparer.Ordinal)
    {
        ["HOME"] = HostPath(FinalRoot, "/home/app"),
        ["KUBECONFIG"] = null,
        ["KUBERNETES_SERVICE_HOST"] = null,
        ["KUBERNETES_SERVICE_PORT"] = null,
        ["NO_COLOR"] = null,
        ["POD_NAMESPACE"] = null,
    };

    private static void CopyFile(string source, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(source, target, overwrite: true);
    }

    private static string HostPath(string stageRoot, string containerPath) => Path.Combine(stageRoot, containerPath.TrimStart('/'));

    /// <summary>The .dockerignore patterns, of the two forms ours uses: <c>**/name</c> and <c>name</c>.</summary>
    private static List<string> IgnorePatterns()
    {
        var file = Path.Combine(Repository.Root, ".dockerignore");
        return File.Exists(file)
            ? [.. File.ReadAllLines(file).Select(static l => l.Trim()).Where(static l => l.Length > 0 && !l.StartsWith('#'))]
            : [];
    }

    private static bool IsIgnored(string relativePath, IReadOnlyList<string> patterns)
    {
        var parts = relativePath.Split(Path.DirectorySeparatorChar);
        return patterns.Any(p => p.StartsWith("**/", StringComparison.Ordinal) ? parts.Contains(p[3..]) : parts[0] == p);
    }

    private static void MakeReadOnly(string directory)
    {
        const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        const UnixFileMode Writable = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        const UnixFileMode ReadOnlyDirectory = Readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(file, (File.GetUnixFileMode(file) | Readable) & ~Writable);
        }

        foreach (var sub in Directory.EnumerateDirectories(directory, "*", SearchOption.AllDirectories).Reverse().Append(directory))
        {
            File.SetUnixFileMode(sub, ReadOnlyDirectory);
        }

        for (var parent = Path.GetDirectoryName(directory); parent is not null && parent.Length > Path.GetTempPath().Length; parent = Path.GetDirectoryName(parent))
        {
            File.SetUnixFileMode(parent, ReadOnlyDirectory);
        }
    }
}
