using TicketBooking.Auth;
using TicketBooking.Http;
using TicketBooking.RateLimiting;

namespace TicketBooking.Catalog;

/// <summary>The catalog's HTTP handlers. Both hosts bind them to the routes in <see cref="ApiRoutes"/>.</summary>
public sealed class CatalogApi(EventCatalog catalog, Authenticator authenticator, RateLimits limits)
{
    /// <summary>Short public caching: a CDN may absorb a surge of viewers, and seats are at most two seconds stale.</summary>
    public const string ViewCacheControl = "public, max-age=2";

    public async Task<IResult> CreateEventAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var caller = await authenticator.AuthenticateAsync(request, cancellationToken, Roles.Organizer, Roles.Admin);
        var body = await request.ReadJsonAsync<CreateEventRequest>(cancellationToken);
        var record = await catalog.CreateAsync(body, caller.UserId, cancellationToken);
        var view = await catalog.GetViewAsync(record.Id, cancellationToken);
        return new RawJsonResult(view.Json, StatusCodes.Status201Created, view.ETag, $"/{ApiRoutes.Prefix}/event/{record.Id}");
    }

    public async Task<IResult> GetEventAsync(HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        limits.Check(RateLimitPolicy.AnonymousReads, request);
        var view = await catalog.GetViewAsync(eventId, cancellationToken);
        return Conditional.Matches(request, view.ETag)
            ? new NotModifiedResult(view.ETag, ViewCacheControl)
            : new RawJsonResult(view.Json, etag: view.ETag, cacheControl: ViewCacheControl);
    }

    public async Task<IResult> GetTicketsAsync(HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        limits.Check(RateLimitPolicy.AnonymousReads, request);
        var section = await catalog.GetSectionAsync(eventId, request.Query["section"].ToString(), cancellationToken);
        return Conditional.Matches(request, section.ETag)
            ? new NotModifiedResult(section.ETag, ViewCacheControl)
            : new RawJsonResult(section.Json, etag: section.ETag, cacheControl: ViewCacheControl);
    }
}
