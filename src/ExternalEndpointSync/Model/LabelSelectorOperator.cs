namespace ExternalEndpointSync.Model;

/// <summary>The operators of a label selector requirement, spelt as in Kubernetes.</summary>
public enum LabelSelectorOperator
{
    In,
    NotIn,
    Exists,
    DoesNotExist,
}
