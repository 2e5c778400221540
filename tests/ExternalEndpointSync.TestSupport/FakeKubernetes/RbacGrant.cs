namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>One (apiGroup, resource, verb) a role grants, the unit in which rules are compared with what was used.</summary>
public sealed record RbacGrant(string Group, string Resource, string Verb)
{
    public override string ToString() => $"{(Group.Length == 0 ? "core" : Group)}/{Resource}:{Verb}";
}
