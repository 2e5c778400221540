using System.Diagnostics;

namespace ExternalEndpointSync.Tests.Registrations.ConfigFile;

/// <summary>
/// A directory laid out as the kubelet lays out a ConfigMap volume: the data in a timestamped
/// directory, <c>..data</c> a symlink to it, and each key a symlink through <c>..data</c>. An
/// update writes a new timestamped directory and renames a new <c>..data</c> over the old one.
/// </summary>
public sealed class ConfigMapVolume : IDisposable
{
    private const string Key = "config.yaml";
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"configmap-{Guid.NewGuid():N}");
    private int _generation;

    public ConfigMapVolume(string content)
    {
        Directory.CreateDirectory(_root);
        var data = WriteGeneration(content);
        File.CreateSymbolicLink(Path.Combine(_root, "..data"), data);
        File.CreateSymbolicLink(ConfigPath, Path.Combine("..data", Key));
    }

    /// <summary>The key as the container sees it: <c>config.yaml -> ..data/config.yaml</c>.</summary>
    public string ConfigPath => Path.Combine(_root, Key);

    /// <summary>What the kubelet does when the ConfigMap changes; the old generation is gone afterwards.</summary>
    public void Update(string content)
    {
        var previous = File.ResolveLinkTarget(Path.Combine(_root, "..data"), returnFinalTarget: false)!.Name;
        var data = WriteGeneration(content);
        var staged = Path.Combine(_root, "..data_tmp");
        File.CreateSymbolicLink(staged, data);
        Rename(staged, Path.Combine(_root, "..data"));
        Directory.Delete(Path.Combine(_root, previous), recursive: true);
    }

    /// <summary>rename(2) of a symlink over a symlink, as the kubelet swaps <c>..data</c>; File.Move follows a symlink to a directory and refuses.</summary>
    private static void Rename(string from, string to)
    {
        using var mv = Process.Start(new ProcessStartInfo("mv", ["-T", from, to]) { UseShellExecute = false })!;
        mv.WaitForExit();
        if (mv.ExitCode != 0)
        {
            throw new IOException($"mv -T {from} {to} failed with exit code {mv.ExitCode}");
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string WriteGeneration(string content)
    {
        var name = $"..2026_12_02_{++_generation}";
        Directory.CreateDirectory(Path.Combine(_root, name));
        File.WriteAllText(Path.Combine(_root, name, Key), content);
        return name;
    }
}
