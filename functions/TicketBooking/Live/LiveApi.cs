using TicketBooking.Catalog;
using TicketBooking.Http;
using TicketBooking.RateLimiting;

namespace TicketBooking.Live;

/// <summary>The live seat stream's HTTP handler; both hosts bind it to <see cref="ApiRoutes.EventStream"/>.</summary>
public sealed class LiveApi(EventCatalog catalog, LiveFeeds feeds, ServerSentEvents streams, RateLimits limits)
{
    /// <summary>
    /// <c>GET /api/event/{eventId}/stream</c>: a <c>snapshot</c> (or, with <c>Last-Event-ID</c>, the changes missed
    /// since), then <c>seats</c> events. 404 for an unknown event, 503 beyond the stream caps, before anything streams.
    /// </summary>
    public async Task<IResult> StreamAsync(HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        limits.Check(RateLimitPolicy.AnonymousReads, request);
        var board = await catalog.GetBoardAsync(eventId, cancellationToken);
        var lastEventId = request.Headers["Last-Event-ID"].ToString();
        return streams.Open(request, TicketBookingMetrics.SeatStream, eventId,
            feeds.ListenAsync(eventId, board, string.IsNullOrEmpty(lastEventId) ? null : lastEventId));
    }
}
