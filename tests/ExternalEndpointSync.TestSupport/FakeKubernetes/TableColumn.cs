using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>A column of server-side printing (<c>kubectl get</c>); priority 1 columns show only with <c>-o wide</c>
/// and are printed after AGE. A date column's cell is a timestamp, printed as an age.</summary>
public sealed record TableColumn(string Name, string Description, Func<JsonObject, string> Cell, int Priority = 0, bool IsDate = false);
