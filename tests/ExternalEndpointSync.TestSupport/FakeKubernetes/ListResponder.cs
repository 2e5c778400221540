using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// Builds list answers: <c>{kind: XList, metadata: {resourceVersion, continue}, items: []}</c>, ordered
/// by namespace then name. Paged lists stay consistent: later pages show the objects as they were
/// when the first page was served (rebuilt from the event history); once that history is compacted
/// the token answers 410 Expired. Items carry no kind/apiVersion, as the API server's typed lists.
/// </summary>
internal static class ListResponder
{
    private const string ExpiredContinueMessage = "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

    public static JsonObject Build(FakeObjectStore store, ResourceDefinition definition, ObjectFilter filter, IQueryCollection query)
    {
        var limit = ParseLimit(query["limit"]);
        var continueText = query["continue"].ToString();
        var token = continueText.Length > 0 ? ContinueToken.Decode(continueText) : null;
        if (token is not null && query["resourceVersion"].ToString() is { Length: > 0 } version && version != "0")
        {
            // storage.ValidateListOptions (staging/src/k8s.io/apiserver/pkg/storage/util.go).
            throw new ApiStatusException(ApiStatus.BadRequest("specifying resource version is not allowed when using continue"));
        }
        if (token is not null && token.ResourceVersion < store.Watches.CompactedThrough)
        {
            throw new ApiStatusException(ApiStatus.Expired(ExpiredContinueMessage));
        }

        var listVersion = token?.ResourceVersion ?? store.CurrentResourceVersion;
        var source = token is null ? store.Snapshot(definition, filter.Namespace) : store.SnapshotAt(definition, filter.Namespace, token.ResourceVersion);
        var matching = source
            .Where(o => token is null || new ObjectKey(o.Namespace(), o.Name()) > token.After)
            .Where(filter.Matches)
            .ToList();
        var page = limit > 0 ? matching.Take(limit).ToList() : matching;
        var metadata = new JsonObject { ["resourceVersion"] = listVersion.ToString(CultureInfo.InvariantCulture) };
        if (page.Count < matching.Count)
        {
            var last = page[^1];
            metadata["continue"] = new ContinueToken(listVersion, new ObjectKey(last.Namespace(), last.Name())).Encode();
            // etcd3 store GetList counts the rest only for an empty predicate: a selector makes it unknowable.
            if (query["labelSelector"].ToString().Trim().Length == 0 && query["fieldSelector"].ToString().Trim().Length == 0)
            {
                metadata["remainingItemCount"] = matching.Count - page.Count;
            }
        }

        return new JsonObject
        {
            ["kind"] = definition.ListKind,
            ["apiVersion"] = definition.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = new JsonArray(page.Select(o =>
            {
                var item = o.CloneObject();
                if (!definition.ListItemsCarryKind)
                {
                    item.Remove("kind");
                    item.Remove("apiVersion");
                }

                return (JsonNode)item;
            }).ToArray()),
        };
    }

    private static int ParseLimit(string? text) =>
        string.IsNullOrEmpty(text) ? 0
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit
        : throw new ApiStatusException(ApiStatus.BadRequest($"invalid limit: {text}"));
}
