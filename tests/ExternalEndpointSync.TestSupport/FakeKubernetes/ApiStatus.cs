using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>Builds <c>Status</c> bodies exactly as <c>k8s.io/apimachinery/pkg/api/errors</c> does.</summary>
public static class ApiStatus
{
    public static JsonObject Failure(int code, string reason, string message, JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            status["details"] = details;
        }

        status["code"] = code;
        return status;
    }

    public static JsonObject NotFound(ResourceDefinition def, string name) =>
        Failure(404, "NotFound", $"{def.QualifiedResource} \"{name}\" not found", ResourceDetails(def, name));

    public static JsonObject NamespaceNotFound(string ns) =>
        Failure(404, "NotFound", $"namespaces \"{ns}\" not found", new JsonObject { ["name"] = ns, ["kind"] = "namespaces" });

    public static JsonObject AlreadyExists(ResourceDefinition def, string name) =>
        Failure(409, "AlreadyExists", $"{def.QualifiedResource} \"{name}\" already exists", ResourceDetails(def, name));

    public static JsonObject Conflict(ResourceDefinition def, string name, string detail = "the object has been modified; please apply your changes to the latest version and try again") =>
        Failure(409, "Conflict", $"Operation cannot be fulfilled on {def.QualifiedResource} \"{name}\": {detail}", ResourceDetails(def, name));

    public static JsonObject Invalid(ResourceDefinition def, string name, IReadOnlyList<FieldError> errors) =>
        Invalid(def.Group, def.Kind, def.QualifiedKind, name, errors);

    /// <summary>422; <paramref name="kind"/> is the Kind except in the API server's rare "resource as kind" cases.</summary>
    public static JsonObject Invalid(string group, string kind, string qualifiedKind, string name, IReadOnlyList<FieldError> errors)
    {
        var rendered = errors.Count == 1 ? errors[0].ToString() : $"[{string.Join(", ", errors)}]";
        var details = new JsonObject { ["name"] = name };
        if (group.Length > 0)
        {
            details["group"] = group;
        }

        details["kind"] = kind;
        details["causes"] = new JsonArray(errors.Select(e => (JsonNode)new JsonObject
        {
            ["reason"] = e.Reason,
            ["message"] = e.Body,
            ["field"] = e.Field,
        }).ToArray());
        return Failure(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {rendered}", details);
    }

    /// <summary>403 as apierrors.NewForbidden builds it: <paramref name="detail"/> follows "&lt;resource&gt; "&lt;name&gt;" is forbidden: ".</summary>
    public static JsonObject Forbidden(string group, string resource, string? name, string detail)
    {
        var qualified = group.Length == 0 ? resource : $"{resource}.{group}";
        var details = new JsonObject();
        if (!string.IsNullOrEmpty(name))
        {
            details["name"] = name;
        }

        if (group.Length > 0)
        {
            details["group"] = group;
        }

        details["kind"] = resource;
        var message = string.IsNullOrEmpty(name) ? $"{qualified} is forbidden: {detail}" : $"{qualified} \"{name}\" is forbidden: {detail}";
        return Failure(403, "Forbidden", message, details);
    }

    public static JsonObject BadRequest(string message) => Failure(400, "BadRequest", message);

    public static JsonObject Expired(string message) => Failure(410, "Expired", message);

    public static JsonObject MethodNotAllowed() =>
        Failure(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");

    public static JsonObject UnsupportedMediaType(string contentType, IEnumerable<string> accepted) =>
        Failure(415, "UnsupportedMediaType",
            $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}",
            new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["reason"] = "UnsupportedMediaType", ["message"] = contentType }) });

    public static JsonObject PathNotFound() =>
        Failure(404, "NotFound", "the server could not find the requested resource",
            new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["reason"] = "UnexpectedServerResponse", ["message"] = "404 page not found" }) });

    public static JsonObject InternalError(string message) =>
        Failure(500, "InternalError", $"Internal error occurred: {message}",
            new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = message }) });

    /// <summary>A generic failure for an injected fault with a given code.</summary>
    public static JsonObject ForCode(int code, ResourceDefinition? def, string? name, string? reason, string? message)
    {
        var (defaultReason, defaultMessage) = code switch
        {
            400 => ("BadRequest", "the server rejected our request for an unknown reason"),
            401 => ("Unauthorized", "Unauthorized"),
            403 => ("Forbidden", "forbidden"),
            404 => ("NotFound", def is null ? "the server could not find the requested resource" : $"{def.QualifiedResource} \"{name}\" not found"),
            409 => ("Conflict", def is null ? "conflict" : $"Operation cannot be fulfilled on {def.QualifiedResource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again"),
            410 => ("Expired", "too old resource version"),
            422 => ("Invalid", def is null ? "invalid" : $"{def.QualifiedKind} \"{name}\" is invalid"),
            429 => ("TooManyRequests", "the server has received too many requests and has asked us to try again later"),
            500 => ("InternalError", "Internal error occurred: injected fault"),
            503 => ("ServiceUnavailable", "the server is currently unable to handle the request"),
            504 => ("Timeout", "the server was unable to return a response in the time allotted, but may still be processing the request"),
            _ => ("Unknown", "an error on the server has prevented the request from succeeding"),
        };
        var details = def is null ? null : ResourceDetails(def, name ?? string.Empty);
        return Failure(code, reason ?? defaultReason, message ?? defaultMessage, details);
    }

    public static JsonObject Success(ResourceDefinition def, string name, string uid)
    {
        var details = ResourceDetails(def, name);
        details["uid"] = uid;
        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
    }

    private static JsonObject ResourceDetails(ResourceDefinition def, string name)
    {
        var details = new JsonObject { ["name"] = name };
        if (def.Group.Length > 0)
        {
            details["group"] = def.Group;
        }

        details["kind"] = def.Plural;
        return details;
    }
}
