namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// The fake's RBAC mode: the Roles, ClusterRoles and bindings in <see cref="DeployDirectory"/>'s YAML
/// files decide what <see cref="ServiceAccountNamespace"/>/<see cref="ServiceAccountName"/> may do.
/// A bearer token of <see cref="ServiceAccountToken"/> authenticates as that service account,
/// <see cref="AdminToken"/> as a cluster admin (group system:masters); any other token is 401.
/// </summary>
public sealed record RbacOptions
{
    public const string AdminToken = "fake-admin-token";

    public required string DeployDirectory { get; init; }

    public string ServiceAccountNamespace { get; init; } = "external-endpoint-sync";

    public string ServiceAccountName { get; init; } = "external-endpoint-sync";

    public string ServiceAccountToken { get; init; } = "external-endpoint-sync-token";

    /// <summary>The deploy/ folder of this repository (found from the test binaries upwards), the very files users apply.</summary>
    public static RbacOptions ForRepository() => new() { DeployDirectory = RepositoryDeployDirectory() };

    private static string RepositoryDeployDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ExternalEndpointSync.sln")) && Directory.Exists(Path.Combine(directory.FullName, "deploy")))
            {
                return Path.Combine(directory.FullName, "deploy");
            }
        }

        throw new InvalidOperationException($"No deploy/ folder beside ExternalEndpointSync.sln above {AppContext.BaseDirectory}.");
    }
}
