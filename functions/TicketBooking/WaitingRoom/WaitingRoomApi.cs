using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using TicketBooking.Auth;
using TicketBooking.Http;
using TicketBooking.RateLimiting;

namespace TicketBooking.WaitingRoom;

/// <summary>The waiting room's HTTP handlers. Both hosts bind them to the routes in <see cref="ApiRoutes"/>.</summary>
public sealed class WaitingRoomApi(WaitingRooms rooms, Authenticator authenticator, RateLimits limits, ServerSentEvents streams, TimeProvider time)
{
    /// <summary>The room's state may be served from a cache for a few seconds: a surge of page loads costs little.</summary>
    public const string StateCacheControl = "public, max-age=3";

    public const string QueuePassHeader = "Queue-Pass";

    public async Task<IResult> GetStateAsync(HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        limits.Check(RateLimitPolicy.AnonymousReads, request);
        var view = await rooms.GetStateAsync(eventId, cancellationToken);
        return new RawJsonResult(JsonSerializer.SerializeToUtf8Bytes(view, ApiJson.Options), cacheControl: StateCacheControl);
    }

    public async Task<IResult> JoinAsync(HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        var caller = await authenticator.AuthenticateAsync(request, cancellationToken);
        limits.Check(RateLimitPolicy.QueueJoin, caller.UserId);
        var view = await rooms.JoinAsync(caller.UserId, eventId, cancellationToken);
        return Entry(request, view, StatusCodes.Status202Accepted, WaitingRooms.EntryPath(view.EventId, view.QueueId));
    }

    public async Task<IResult> GetEntryAsync(HttpRequest request, string eventId, string queueId, CancellationToken cancellationToken)
    {
        var caller = await authenticator.AuthenticateAsync(request, cancellationToken);
        var view = await rooms.GetEntryAsync(caller.UserId, eventId, queueId, cancellationToken);
        return Entry(request, view, StatusCodes.Status200OK);
    }

    /// <summary>
    /// The caller's entry as server-sent events (<c>entry</c>), sent again whenever a poller would have asked, until the
    /// person is admitted or the pass lapsed (heartbeats, the maximum duration and the listener caps are the
    /// <see cref="ServerSentEvents"/> mechanism's). 404 before the stream starts for anyone else's entry.
    /// </summary>
    public async Task<IResult> StreamAsync(HttpRequest request, string eventId, string queueId, CancellationToken cancellationToken)
    {
        var caller = await authenticator.AuthenticateAsync(request, cancellationToken);
        var first = await rooms.GetEntryAsync(caller.UserId, eventId, queueId, cancellationToken);
        return streams.Open(request, TicketBookingMetrics.QueueStream, first.EventId, EntryEventsAsync(caller.UserId, first));
    }

    public async Task<IResult> ConfigureAsync(HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        var caller = await authenticator.AuthenticateAsync(request, cancellationToken, Roles.Organizer, Roles.Admin);
        var body = await request.ReadJsonAsync<WaitingRoomInput>(cancellationToken);
        var view = await rooms.ConfigureAsync(caller, eventId, body, cancellationToken);
        return new RawJsonResult(JsonSerializer.SerializeToUtf8Bytes(view, ApiJson.Options), cacheControl: "no-store");
    }

    private async IAsyncEnumerable<ServerSentEvent> EntryEventsAsync(string userId, QueueEntryView first,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var view = first;
        while (true)
        {
            yield return ServerSentEvent.Json("entry", null, view);
            if (view.RetryAfterSeconds is not { } wait)
            {
                yield break;
            }

            await Task.Delay(TimeSpan.FromSeconds(wait), time, cancellationToken);
            view = await rooms.GetEntryAsync(userId, view.EventId, view.QueueId, cancellationToken);
        }
    }

    private static RawJsonResult Entry(HttpRequest request, QueueEntryView view, int status, string? location = null)
    {
        if (view.RetryAfterSeconds is { } wait)
        {
            request.HttpContext.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
        }

        return new RawJsonResult(JsonSerializer.SerializeToUtf8Bytes(view, ApiJson.Options), status, location: location, cacheControl: "no-store");
    }
}
