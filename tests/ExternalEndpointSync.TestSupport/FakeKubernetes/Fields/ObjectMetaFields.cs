namespace ExternalEndpointSync.TestSupport.FakeKubernetes.Fields;

/// <summary>TypeMeta and ObjectMeta (apimachinery pkg/apis/meta/v1/types.go), common to every kind.</summary>
internal static class ObjectMetaFields
{
    public static readonly string[] Paths =
    [
        "apiVersion", "kind",
        "metadata.name", "metadata.generateName", "metadata.namespace", "metadata.selfLink", "metadata.uid",
        "metadata.resourceVersion", "metadata.generation", "metadata.creationTimestamp", "metadata.deletionTimestamp",
        "metadata.deletionGracePeriodSeconds", "metadata.labels{}", "metadata.annotations{}", "metadata.finalizers",
        "metadata.ownerReferences[].apiVersion", "metadata.ownerReferences[].kind", "metadata.ownerReferences[].name",
        "metadata.ownerReferences[].uid", "metadata.ownerReferences[].controller", "metadata.ownerReferences[].blockOwnerDeletion",
        "metadata.managedFields[].manager", "metadata.managedFields[].operation", "metadata.managedFields[].apiVersion",
        "metadata.managedFields[].time", "metadata.managedFields[].fieldsType", "metadata.managedFields[].fieldsV1",
        "metadata.managedFields[].subresource",
    ];

    /// <summary>core/v1 ObjectReference, used by Endpoints' targetRef and Event's involvedObject/related.</summary>
    public static IEnumerable<string> ObjectReference(string prefix) =>
        new[] { "kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath" }.Select(f => $"{prefix}.{f}");
}
