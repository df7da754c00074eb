using Microsoft.Azure.Cosmos;

namespace TicketBooking.Telemetry;

/// <summary>
/// A Cosmos client handler that counts every request it sends (retries included), named by container and kind
/// (<c>tickets read</c>, <c>reservations replace</c>, <c>tickets changefeed</c>), with the request charge the server reports.
/// </summary>
internal sealed class CosmosRequestCounting(StorageRequestCounter counter) : RequestHandler
{
    public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        counter.Record(StorageService.Cosmos, OperationOf(request), response.Headers.RequestCharge);
        return response;
    }

    internal static string OperationOf(RequestMessage request)
    {
        var segments = (request.RequestUri?.OriginalString ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var colls = Array.IndexOf(segments, "colls");
        if (colls < 0 || colls + 1 >= segments.Length)
        {
            return "metadata";
        }

        var container = segments[colls + 1];
        var docs = Array.IndexOf(segments, "docs");
        if (request.Headers["A-IM"] is not null)
        {
            return $"{container} changefeed";
        }

        if (docs < 0)
        {
            // Queries and feeds are addressed to the container.
            return $"{container} {(request.Method == HttpMethod.Post ? "query" : request.Method == HttpMethod.Get ? "feed" : "metadata")}";
        }

        var single = docs + 1 < segments.Length;
        string kind;
        if (request.Method == HttpMethod.Get)
        {
            kind = single ? "read" : "feed";
        }
        else if (request.Method == HttpMethod.Post)
        {
            kind = request.Headers["x-ms-cosmos-is-query-plan-request"] is not null ? "queryplan"
                : request.Headers["x-ms-documentdb-isquery"] is not null ? "query"
                : request.Headers["x-ms-documentdb-is-upsert"] is "True" or "true" ? "upsert"
                : "create";
        }
        else
        {
            kind = request.Method.Method switch
            {
                "PUT" => "replace",
                "DELETE" => "delete",
                "PATCH" => "patch",
                var other => other.ToLowerInvariant(),
            };
        }

        return $"{container} {kind}";
    }
}
