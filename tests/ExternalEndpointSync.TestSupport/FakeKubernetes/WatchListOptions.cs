using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// sendInitialEvents and resourceVersionMatch as apimachinery's ValidateListOptions /
/// validateWatchOptions check them (pkg/apis/meta/internalversion/validation/validation.go, with the
/// WatchList feature on as from 1.32): the violations are one 422 on <c>ListOptions.meta.k8s.io</c>.
/// </summary>
internal sealed record WatchListOptions(bool? SendInitialEvents)
{
    private const string NotOlderThan = "NotOlderThan";
    private static readonly string[] TrueValues = ["1", "t", "T", "true", "TRUE", "True"];
    private static readonly string[] FalseValues = ["0", "f", "F", "false", "FALSE", "False"];

    public static WatchListOptions Parse(IQueryCollection query, bool watch)
    {
        var send = query.ContainsKey("sendInitialEvents") ? ParseBool(query["sendInitialEvents"].ToString()) : (bool?)null;
        var match = query["resourceVersionMatch"].ToString();
        var resourceVersion = query["resourceVersion"].ToString();
        var continued = query["continue"].ToString().Length > 0;
        var errors = new List<FieldError>();
        if (watch)
        {
            if (send is not null && match != NotOlderThan)
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", $"sendInitialEvents requires setting resourceVersionMatch to {NotOlderThan}"));
            }

            if (match.Length > 0)
            {
                if (send is null)
                {
                    errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
                }

                if (match != NotOlderThan)
                {
                    errors.Add(FieldError.NotSupported("resourceVersionMatch", JsonValue.Create(match), [NotOlderThan]));
                }

                if (continued)
                {
                    errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
                }
            }
        }
        else
        {
            if (match.Length > 0)
            {
                if (resourceVersion.Length == 0)
                {
                    errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
                }

                if (continued)
                {
                    errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
                }

                if (match is not ("Exact" or NotOlderThan))
                {
                    errors.Add(new FieldError("FieldValueNotSupported", "resourceVersionMatch",
                        $"Unsupported value: {JsonNodeExtensions.Quote(match)}: supported values: \"Exact\", \"NotOlderThan\", \"\""));
                }

                if (match == "Exact" && resourceVersion == "0")
                {
                    errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
                }
            }

            if (send is not null)
            {
                errors.Add(FieldError.Forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
            }
        }

        if (errors.Count > 0)
        {
            throw new ApiStatusException(ApiStatus.Invalid("meta.k8s.io", "ListOptions", "ListOptions.meta.k8s.io", string.Empty, errors));
        }

        return new WatchListOptions(send);
    }

    /// <summary>Go's strconv.ParseBool, which the query parameter conversion uses.</summary>
    private static bool ParseBool(string value) =>
        TrueValues.Contains(value, StringComparer.Ordinal) ? true
        : FalseValues.Contains(value, StringComparer.Ordinal) ? false
        : throw new ApiStatusException(ApiStatus.BadRequest($"strconv.ParseBool: parsing {JsonNodeExtensions.Quote(value)}: invalid syntax"));
}
