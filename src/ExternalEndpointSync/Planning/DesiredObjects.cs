using ExternalEndpointSync.Model;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Planning;

/// <summary>Works out <see cref="ServicePlan.Desired"/>: the owned objects as they will be once the allowed changes are applied.</summary>
internal static class DesiredObjects
{
    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> After(IEnumerable<IKubernetesObject<V1ObjectMeta>> current, IEnumerable<ObjectChange> changes)
    {
        var named = current.ToDictionary(Identity, StringComparer.Ordinal);
        var created = new List<IKubernetesObject<V1ObjectMeta>>();
        foreach (var change in changes)
        {
            switch (change.Action)
            {
                case ChangeAction.Create:
                    created.Add(change.Object);
                    break;
                case ChangeAction.Update:
                    named[Identity(change.Object)] = change.Object;
                    break;
                case ChangeAction.Delete:
                    named.Remove(Identity(change.Object));
                    break;
            }
        }

        return Sorted(named.Values.Concat(created));
    }

    /// <summary>Service, then EndpointSlices by name or generateName, then Endpoints.</summary>
    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Sorted(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects) =>
        [.. objects
            .OrderBy(static value => WrittenKind.Of(value).Order)
            .ThenBy(value => value.Metadata.Name is null ? 1 : 0)
            .ThenBy(ObjectMetadata.NameOrPrefix, StringComparer.Ordinal)];

    private static string Identity(IKubernetesObject<V1ObjectMeta> value) => $"{value.Kind}/{value.Metadata.Name}";
}
