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
        if (request.Headers["A-IM"] is not null)
        {
            return $"{container} changefeed";
        }

        // Point operations name the document; creates, queries and feeds are addressed to the container.
        var single = Array.IndexOf(segments, "docs") is var docs and >= 0 && docs + 1 < segments.Length;
        var kind = request.Method.Method switch
        {
            "GET" => single ? "read" : "feed",
            "POST" when request.Headers["x-ms-cosmos-is-query-plan-request"] is not null => "queryplan",
            "POST" when request.Headers["x-ms-documentdb-isquery"] is not null
                || request.Headers.ContentType?.Contains("query", StringComparison.OrdinalIgnoreCase) == true => "query",
            "POST" when string.Equals(request.Headers["x-ms-documentdb-is-upsert"], "true", StringComparison.OrdinalIgnoreCase) => "upsert",
            "POST" => "create",
            "PUT" => "replace",
            "DELETE" => "delete",
            "PATCH" => "patch",
            var other => other.ToLowerInvariant(),
        };

        return $"{container} {kind}";
    }
}
