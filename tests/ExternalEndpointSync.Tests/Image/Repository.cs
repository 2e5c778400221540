namespace ExternalEndpointSync.Tests.Image;

/// <summary>The checkout the tests were built from, and its Dockerfile.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static DockerfileText Dockerfile { get; } = DockerfileText.Parse(File.ReadAllText(Path.Combine(Root, "Dockerfile")));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Dockerfile")) && File.Exists(Path.Combine(directory.FullName, "ExternalEndpointSync.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no repository (Dockerfile and ExternalEndpointSync.sln) above {AppContext.BaseDirectory}");
    }
}
