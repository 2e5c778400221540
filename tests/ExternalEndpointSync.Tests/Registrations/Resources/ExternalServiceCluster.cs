using System.Text.Json;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.Resources;
using ExternalEndpointSync.Tests.FakeKubernetes;
using ExternalEndpointSync.Tests.Schema;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Tests.Registrations.Resources;

/// <summary>The repository's CRD installed in a fake cluster, and ExternalServices created, changed and read back in it as an app team would.</summary>
internal static class ExternalServiceCluster
{
    public static async Task InstallCrdAsync(IKubernetes admin)
    {
        var crd = KubernetesJson.Deserialize<V1CustomResourceDefinition>(ExternalServiceWrapping.Documents(GeneratedSchemaFiles.CrdPath).Single()!.ToJsonString());
        await admin.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
    }

    public static Task<ExternalServiceObject> CreateAsync(IKubernetes client, string @namespace, string name, string specJson) =>
        client.CustomObjects.CreateNamespacedCustomObjectAsync<ExternalServiceObject>(
            new ExternalServiceObject { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace }, Spec = JsonDocument.Parse(specJson).RootElement },
            ExternalServiceKind.Group, ExternalServiceKind.Version, @namespace, ExternalServiceKind.Plural);

    public static Task<ExternalServiceObject> ReadAsync(IKubernetes client, string @namespace, string name) =>
        client.CustomObjects.GetNamespacedCustomObjectAsync<ExternalServiceObject>(ExternalServiceKind.Group, ExternalServiceKind.Version, @namespace, ExternalServiceKind.Plural, name);

    public static async Task<ExternalServiceObject> ReplaceSpecAsync(IKubernetes client, string @namespace, string name, string specJson)
    {
        var current = await ReadAsync(client, @namespace, name);
        current.Spec = JsonDocument.Parse(specJson).RootElement;
        return await client.CustomObjects.ReplaceNamespacedCustomObjectAsync<ExternalServiceObject>(
            current, ExternalServiceKind.Group, ExternalServiceKind.Version, @namespace, ExternalServiceKind.Plural, name);
    }

    public static Task DeleteAsync(IKubernetes client, string @namespace, string name) =>
        client.CustomObjects.DeleteNamespacedCustomObjectAsync(ExternalServiceKind.Group, ExternalServiceKind.Version, @namespace, ExternalServiceKind.Plural, name);

    /// <summary>A static ClusterIP spec with one port.</summary>
    public static string StaticSpec(params string[] addresses) =>
        """{"ports":[{"name":"http","port":80}],"source":{"static":{"addresses":[""" + string.Join(",", addresses.Select(static a => $"\"{a}\"")) + "]}}}";
}
