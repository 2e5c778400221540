using System.Text.Json.Nodes;
using ExternalEndpointSync.TestSupport.FakeKubernetes.Fields;
using Microsoft.AspNetCore.Http;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>Routes one HTTP request: discovery, then resource verbs with faults, warnings and write counting.</summary>
internal sealed class ApiRequestHandler
{
    private readonly FakeObjectStore store;
    private readonly DiscoveryDocuments discovery;
    private readonly WatchResponder watches;
    private readonly FaultInjector faults;
    private readonly RequestCounter writes;
    private readonly RequestCounter requests;
    private readonly CancellationToken stopping;
    private readonly RequestAuthorizer? authorizer;
    private readonly PodTokens pods;
    private readonly WriteLog writeLog;

    public ApiRequestHandler(FakeObjectStore store, FaultInjector faults, RequestCounter writes, RequestCounter requests, WriteLog writeLog, PodTokens pods, RequestAuthorizer? authorizer, CancellationToken stopping)
    {
        this.store = store;
        this.writeLog = writeLog;
        this.pods = pods;
        this.authorizer = authorizer;
        this.faults = faults;
        this.writes = writes;
        this.requests = requests;
        this.stopping = stopping;
        discovery = new DiscoveryDocuments(store.Registry);
        watches = new WatchResponder(store);
    }

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await RouteAsync(context);
        }
        catch (ApiStatusException e) when (!context.Response.HasStarted)
        {
            await HttpJson.WriteAsync(context, e.Code, e.Status);
        }
        catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
        {
            // A bug in the fake should read like an API server failure, not an empty 500.
            await HttpJson.WriteAsync(context, 500, ApiStatus.InternalError($"fake API server: {e.GetType().Name}: {e.Message}"));
        }
    }

    private async Task RouteAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var user = authorizer?.Authenticate(context) ?? RequestUser.Admin;
        if (context.Request.Method == HttpMethods.Get && discovery.Find(path, $"{context.Request.Host}") is { } document)
        {
            if (authorizer is not null)
            {
                RequestAuthorizer.AuthorizePath(user, path);
            }

            await HttpJson.WriteAsync(context, 200, document);
            return;
        }

        if (discovery.IsUnservedGroupVersion(path))
        {
            await HttpJson.WritePageNotFoundAsync(context);
            return;
        }

        var apiPath = ApiPath.Parse(path);
        var definition = apiPath is null ? null : store.Registry.Find(apiPath.Group, apiPath.Version, apiPath.Plural);
        var status = apiPath?.Subresource == "status" && definition?.HasStatusSubresource == true && apiPath.Name is not null;
        if (apiPath is null || definition is null || (apiPath.Subresource is not null && !status)
            || (definition.Namespaced && apiPath.Namespace is null && apiPath.Name is not null)
            || (!definition.Namespaced && apiPath.Namespace is not null))
        {
            throw new ApiStatusException(ApiStatus.PathNotFound());
        }

        if (definition.DeprecationWarning is not null)
        {
            HttpJson.AddWarning(context, definition.DeprecationWarning);
        }

        var verb = Verb(context, apiPath);
        if (verb == "create" && definition.Namespaced && apiPath.Namespace is null)
        {
            // The all-namespaces collection only lists and watches.
            verb = "unsupported";
        }

        var resource = status ? $"{definition.Plural}/status" : definition.Plural;
        requests.Record(verb, resource, apiPath.Namespace);
        if (authorizer is not null && verb != "unsupported")
        {
            authorizer.Authorize(user, new AuthorizationRequest(verb, definition.Group, definition.Plural, status ? "status" : null, apiPath.Namespace, apiPath.Name));
        }

        var client = RequestClient.Of(context, user, pods);
        if (faults.Take(verb, resource, apiPath.Namespace, apiPath.Name, client) is { } fault)
        {
            fault.Before?.Invoke();
            if (fault.Delay > TimeSpan.Zero)
            {
                await Task.Delay(fault.Delay, store.Time, context.RequestAborted);
            }

            if (fault.DropConnection)
            {
                context.Abort();
                return;
            }

            if (fault.StatusCode != 0)
            {
                if (fault.RetryAfterSeconds is { } retryAfter)
                {
                    context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await HttpJson.WriteAsync(context, fault.StatusCode,
                    ApiStatus.ForCode(fault.StatusCode, definition, apiPath.Name, fault.Reason, fault.Message));
                return;
            }
        }

        if (status)
        {
            await ServeStatusAsync(context, definition, apiPath, new Writer(verb, client));
        }
        else
        {
            await ServeAsync(context, definition, apiPath, verb, user, client);
        }
    }

    private async Task ServeStatusAsync(HttpContext context, ResourceDefinition definition, ApiPath apiPath, Writer writer)
    {
        var verb = writer.Verb;
        var dryRun = DryRun(context.Request.Query["dryRun"]);
        var resource = $"{definition.Plural}/status";
        switch (verb)
        {
            case "get":
                JsonObject found;
                lock (store.Gate)
                {
                    found = Existing(definition, apiPath).CloneObject();
                }

                await HttpJson.WriteAsync(context, 200, found);
                return;
            case "update":
                var sent = await RequestBodies.ReadObjectAsync(context, definition, FieldValidation.Parse(context.Request.Query["fieldValidation"], verb));
                await RespondAsync(context, apiPath, resource, writer, dryRun, () => store.Operations.UpdateStatus(definition, sent, Existing(definition, apiPath).CloneObject(), dryRun));
                return;
            case "patch":
                var statusValidation = FieldValidation.Parse(context.Request.Query["fieldValidation"], verb);
                var patch = await RequestBodies.ReadPatchAsync(context, definition);
                await RespondAsync(context, apiPath, resource, writer, dryRun, () =>
                {
                    var existing = Existing(definition, apiPath);
                    var patched = RequestBodies.ApplyPatch(definition, existing, patch, statusValidation, text => HttpJson.AddWarning(context, text));
                    return store.Operations.UpdateStatus(definition, patched, existing.CloneObject(), dryRun);
                });
                return;
            default:
                throw new ApiStatusException(ApiStatus.MethodNotAllowed());
        }
    }

    private JsonObject Existing(ResourceDefinition definition, ApiPath apiPath) =>
        store.Find(definition, apiPath.Namespace, apiPath.Name!) ?? throw new ApiStatusException(ApiStatus.NotFound(definition, apiPath.Name!));

    private async Task ServeAsync(HttpContext context, ResourceDefinition definition, ApiPath apiPath, string verb, RequestUser user, string client)
    {
        var query = context.Request.Query;
        var dryRun = DryRun(query["dryRun"]);
        var validation = verb is "create" or "update" or "patch" ? FieldValidation.Parse(query["fieldValidation"], verb) : null;
        switch (verb)
        {
            case "get":
                JsonObject found;
                lock (store.Gate)
                {
                    found = store.Find(definition, apiPath.Namespace, apiPath.Name!)?.CloneObject()
                        ?? throw new ApiStatusException(ApiStatus.NotFound(definition, apiPath.Name!));
                }

                await HttpJson.WriteAsync(context, 200, TableIfAsked(context, definition, found, [found], []));
                return;
            case "list":
                JsonObject list;
                WatchListOptions.Parse(query, watch: false);
                lock (store.Gate)
                {
                    list = ListResponder.Build(store, definition, Filter(definition, apiPath, query), query);
                }

                await HttpJson.WriteAsync(context, 200, TableIfAsked(context, definition, list, list["items"]!.AsArray().OfType<JsonObject>(), list["metadata"]!.AsObject().CloneObject()));
                return;
            case "watch":
                await watches.ServeAsync(context, definition, Filter(definition, apiPath, query), stopping);
                return;
            case "create":
                var created = await RequestBodies.ReadObjectAsync(context, definition, validation!);
                var createAdmission = Admission(definition, user, created.Metadata().StringOrNull("name"));
                await RespondAsync(context, apiPath, definition.Plural, new Writer(verb, client), dryRun, () => store.Operations.Create(definition, apiPath.Namespace, created, dryRun, createAdmission));
                return;
            case "update":
                var replacement = await RequestBodies.ReadObjectAsync(context, definition, validation!);
                await RespondAsync(context, apiPath, definition.Plural, new Writer(verb, client), dryRun, () => store.Operations.Update(definition, apiPath.Namespace, apiPath.Name!, replacement, dryRun, Admission(definition, user, apiPath.Name)));
                return;
            case "patch":
                var patch = await RequestBodies.ReadPatchAsync(context, definition);
                var admission = Admission(definition, user, apiPath.Name);
                await RespondAsync(context, apiPath, definition.Plural, new Writer(verb, client), dryRun, () =>
                {
                    var existing = Existing(definition, apiPath);
                    var patched = RequestBodies.ApplyPatch(definition, existing, patch, validation!, text => HttpJson.AddWarning(context, text));
                    return store.Operations.ApplyUpdate(definition, patched, existing.CloneObject(), dryRun, admission);
                });
                return;
            case "delete":
                var options = context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0
                    ? await HttpJson.ReadAsync(context, definition) as JsonObject
                    : null;
                dryRun |= options.ArrayOrNull("dryRun").Strings().Contains("All");
                await RespondAsync(context, apiPath, definition.Plural, new Writer(verb, client), dryRun, () => store.Operations.Delete(definition, apiPath.Namespace, apiPath.Name!, options, dryRun));
                return;
            default:
                throw new ApiStatusException(ApiStatus.MethodNotAllowed());
        }
    }

    /// <summary>kubectl asks for server-side printing; everyone else gets the object or list itself.</summary>
    private JsonObject TableIfAsked(HttpContext context, ResourceDefinition definition, JsonObject body, IEnumerable<JsonObject> rows, JsonObject metadata) =>
        TableConverter.Wanted(context.Request.Headers.Accept)
            ? TableConverter.Convert(definition, rows, metadata, context.Request.Query["includeObject"], store.Time.GetUtcNow())
            : body;

    private async Task RespondAsync(HttpContext context, ApiPath apiPath, string resource, Writer writer, bool dryRun, Func<WriteOutcome> write)
    {
        WriteOutcome outcome;
        lock (store.Gate)
        {
            outcome = write();
            if (!dryRun)
            {
                // A create by generateName learns its name here; a delete answers a Status, named by the path.
                var written = outcome.Object.ObjectOrNull("metadata");
                writeLog.Record(store.Time.GetUtcNow(), writer.Client, writer.Verb, resource,
                    written.StringOrNull("namespace") ?? apiPath.Namespace, written.StringOrNull("name") ?? apiPath.Name, outcome.Object.CloneObject());
            }

            store.Collector?.AfterWrite();
        }

        if (!dryRun)
        {
            writes.Record(writer.Verb, resource, apiPath.Namespace);
        }

        foreach (var warning in outcome.Warnings)
        {
            HttpJson.AddWarning(context, warning);
        }

        await HttpJson.WriteAsync(context, outcome.StatusCode, outcome.Object);
    }

    /// <summary>The validating admission of a write in RBAC mode; none without authorization.</summary>
    private Action<JsonObject, JsonObject?>? Admission(ResourceDefinition definition, RequestUser user, string? nameOnRequest)
    {
        if (authorizer is null)
        {
            return null;
        }

        var enforcement = new OwnerReferencesPermissionEnforcement(authorizer, store.Registry, user, nameOnRequest);
        return (obj, old) => enforcement.Admit(definition, obj, old);
    }

    private static ObjectFilter Filter(ResourceDefinition definition, ApiPath apiPath, IQueryCollection query)
    {
        var fieldSelector = query["fieldSelector"].ToString();
        if (apiPath.Name is not null)
        {
            fieldSelector = fieldSelector.Length == 0 ? $"metadata.name={apiPath.Name}" : $"{fieldSelector},metadata.name={apiPath.Name}";
        }

        return new ObjectFilter(apiPath.Namespace, LabelSelector.Parse(query["labelSelector"]), FieldSelector.Parse(fieldSelector, definition));
    }

    private static string Verb(HttpContext context, ApiPath apiPath)
    {
        var method = context.Request.Method;
        var watch = apiPath.LegacyWatch || context.Request.Query["watch"].ToString() is "true" or "1";
        return method switch
        {
            "GET" when watch => "watch",
            "GET" when apiPath.Name is null => "list",
            "GET" => "get",
            "POST" when apiPath.Name is null => "create",
            "PUT" when apiPath.Name is not null => "update",
            "PATCH" when apiPath.Name is not null => "patch",
            "DELETE" when apiPath.Name is not null => "delete",
            _ => "unsupported",
        };
    }

    private static bool DryRun(string? value) => value switch
    {
        null or "" => false,
        "All" => true,
        _ => throw new ApiStatusException(ApiStatus.BadRequest($"dryRun: Unsupported value: {JsonNodeExtensions.Quote(value)}: supported values: \"All\"")),
    };

    /// <summary>The verb of a write and who sent it, for the counters and the write log.</summary>
    private sealed record Writer(string Verb, string Client);
}
