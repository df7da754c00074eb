namespace TicketBooking.Http;

/// <summary>
/// The one way the API answers with a long-lived <c>text/event-stream</c>, in both hosts (the Functions app runs the
/// same <see cref="IResult"/> through its ASP.NET Core integration). A handler calls <see cref="Open"/> with the events
/// to send; the caps are checked at once (503 <see cref="ErrorKind.ListenerLimit"/> beyond them, before anything is
/// written), and the answer then streams with heartbeats until the events end, the client goes, a write stalls or
/// the maximum duration passes.
/// </summary>
public sealed class ServerSentEvents(StreamListeners listeners, IOptions<ServerSentEventsOptions> options, TimeProvider time,
    ILogger<ServerSentEvents> logger)
{
    /// <summary>
    /// Takes a place on <paramref name="stream"/> of <paramref name="eventId"/> (the per-key cap counts each event's
    /// streams of one kind) and returns the answer that streams <paramref name="events"/>. The enumeration starts only
    /// when the answer runs, and gets a token that is cancelled when the stream ends for any reason. The place, and the
    /// stream's count in <see cref="TicketBookingMetrics.StreamListeners"/>, are given back when the answer ends (or the
    /// request does, if the answer never runs).
    /// </summary>
    public IResult Open(HttpRequest request, string stream, string eventId, IAsyncEnumerable<ServerSentEvent> events)
    {
        var place = listeners.Enter(KeyOf(stream, eventId));
        request.HttpContext.Response.RegisterForDispose(place);
        request.HttpContext.Response.RegisterForDispose(TicketBookingMetrics.StreamOpened(stream, eventId));
        return new ServerSentEventsResult(events, place, options.Value, time, logger);
    }

    /// <summary>The key the per-key listener cap counts <paramref name="stream"/> streams of <paramref name="eventId"/> under.</summary>
    public static string KeyOf(string stream, string eventId) => stream + "/" + eventId;
}
