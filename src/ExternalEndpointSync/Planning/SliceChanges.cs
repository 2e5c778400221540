using k8s.Models;

namespace ExternalEndpointSync.Planning;

/// <summary>What <see cref="EndpointSliceReconciler"/> decided for the slices of one registration (Kubernetes' <c>slicesByAction</c>).</summary>
internal sealed record SliceChanges(
    IReadOnlyList<V1EndpointSlice> Create,
    IReadOnlyList<(V1EndpointSlice Current, V1EndpointSlice Updated)> Update,
    IReadOnlyList<V1EndpointSlice> Delete,
    IReadOnlyList<V1EndpointSlice> Unchanged);
