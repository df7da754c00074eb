using System.Security.Cryptography;
using System.Text.Json;
using TicketBooking.Auth;
using TicketBooking.Http;
using TicketBooking.RateLimiting;

namespace TicketBooking.Search;

/// <summary>The search HTTP handlers. Both hosts bind them to <see cref="ApiRoutes.Search"/> and <see cref="ApiRoutes.SearchRebuild"/>.</summary>
public sealed class SearchApi(IEventSearch search, SearchIndexer indexer, Authenticator authenticator, TimeProvider time, RateLimits limits)
{
    /// <summary>Short public caching: a CDN or browser may reuse an answer for a few seconds (availability is that fresh anyway).</summary>
    public const string CacheControl = "public, max-age=5";

    /// <summary><c>GET</c> and <c>POST /api/search?search_term=&amp;location=&amp;date=&amp;from=&amp;to=&amp;category=&amp;page=&amp;pageSize=</c>.</summary>
    public async Task<IResult> SearchAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        limits.Check(RateLimitPolicy.AnonymousReads, request);
        var query = EventSearchQuery.Parse(request.Query, time.GetUtcNow());
        var started = time.GetTimestamp();
        EventSearchResult result;
        using (TicketBookingTelemetry.ActivitySource.StartActivity("search"))
        {
            result = await search.SearchAsync(query, cancellationToken);
        }

        TicketBookingMetrics.RecordSearch(time.GetElapsedTime(started), search.GetType().Name);
        var json = JsonSerializer.SerializeToUtf8Bytes(new SearchResponse(result.Items, query.Page, query.PageSize, result.Total, result.Facets),
            ApiJson.Options);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(json), 0, 8)}\"";
        return Conditional.Matches(request, etag)
            ? new NotModifiedResult(etag, CacheControl)
            : new RawJsonResult(json, etag: etag, cacheControl: CacheControl);
    }

    /// <summary><c>POST /api/admin/search/rebuild</c>: reindexes the whole catalog (admins only).</summary>
    public async Task<IResult> RebuildAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        await authenticator.AuthenticateAsync(request, cancellationToken, Roles.Admin);
        var result = await indexer.RebuildAsync(cancellationToken);
        return new RawJsonResult(JsonSerializer.SerializeToUtf8Bytes(
            new { indexed = result.Indexed, removed = result.Removed, elapsedMs = (long)result.Elapsed.TotalMilliseconds }, ApiJson.Options),
            cacheControl: "no-store");
    }
}
