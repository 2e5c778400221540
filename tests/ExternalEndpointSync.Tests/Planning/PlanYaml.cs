using System.Text;
using ExternalEndpointSync.Planning;
using k8s;

namespace ExternalEndpointSync.Tests.Planning;

/// <summary>
/// Renders a plan as the golden <c>expected.yaml</c>: a multi-document YAML stream with one
/// document per change (the object written, or deleted as last read), each introduced by a
/// comment naming the action, kind and name; every service starts with a comment summarising it.
/// </summary>
internal static class PlanYaml
{
    public static string Render(Plan plan)
    {
        var text = new StringBuilder();
        foreach (var service in plan.Services)
        {
            var flags = (service.Removed ? " removed" : "") + (service.Held ? " held" : "");
            text.Append("# ").Append(service.Key).Append(flags)
                .Append(": ").Append(service.Changes.Count).Append(" changes, ")
                .Append(service.Unchanged).Append(" unchanged, ")
                .Append(service.Desired.Count).Append(" owned after\n");
            foreach (var dropped in service.Dropped)
            {
                text.Append("# dropped ").Append(dropped.Address).Append(": ").Append(dropped.Reason).Append('\n');
            }

            foreach (var unserved in service.Unserved)
            {
                text.Append("# unserved ").Append(unserved.Describe()).Append('\n');
            }

            foreach (var change in service.Changes)
            {
                text.Append("--- # ").Append(change.Action).Append(' ').Append(change.Kind).Append(' ').Append(change.DisplayName).Append('\n');
                text.Append(KubernetesYaml.Serialize(change.Object).ReplaceLineEndings("\n").TrimEnd('\n')).Append('\n');
            }
        }

        return text.ToString();
    }
}
