using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>Namespace, label and field selection shared by list and watch.</summary>
internal sealed record ObjectFilter(string? Namespace, LabelSelector Labels, FieldSelector Fields)
{
    public bool Matches(JsonObject obj) =>
        (Namespace is null || obj.Namespace() == Namespace)
        && Labels.Matches(obj.Metadata().ObjectOrNull("labels").StringMap())
        && Fields.Matches(obj);
}
