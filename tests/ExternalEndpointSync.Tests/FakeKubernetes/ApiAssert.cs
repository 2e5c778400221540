using System.Text.Json.Nodes;
using k8s.Autorest;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>Captures the Status body the real client received with an error.</summary>
internal static class ApiAssert
{
    public static async Task<JsonObject> FailsAsync(int code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(call);
        Assert.Equal(code, (int)error.Response.StatusCode);
        var status = (JsonObject)JsonNode.Parse(error.Response.Content)!;
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("Failure", (string?)status["status"]);
        Assert.Equal(code, (int?)status["code"]);
        return status;
    }

    public static IReadOnlyList<(string Reason, string Field, string Message)> Causes(JsonObject status) =>
        status["details"]!["causes"]!.AsArray()
            .Select(c => ((string)c!["reason"]!, (string?)c["field"] ?? string.Empty, (string)c["message"]!))
            .ToList();

    public static async Task<IReadOnlyList<(string Reason, string Field, string Message)>> InvalidAsync(Func<Task> call)
    {
        var status = await FailsAsync(422, call);
        Assert.Equal("Invalid", (string?)status["reason"]);
        return Causes(status);
    }

    public static void HasCause(IReadOnlyList<(string Reason, string Field, string Message)> causes, string reason, string field, string? messageContains = null) =>
        Assert.True(
            causes.Any(c => c.Reason == reason && c.Field == field && (messageContains is null || c.Message.Contains(messageContains, StringComparison.Ordinal))),
            $"expected {reason} on {field} ({messageContains}); got: {string.Join("; ", causes)}");
}
