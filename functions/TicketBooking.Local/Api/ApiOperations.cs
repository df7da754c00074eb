using TicketBooking.Booking;
using TicketBooking.Catalog;
using TicketBooking.CheckIn;
using TicketBooking.Hosting;
using TicketBooking.Http;
using TicketBooking.Refunds;
using TicketBooking.Search;
using TicketBooking.Tickets;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Local.Api;

/// <summary>
/// What the API description says of each route (by method and <see cref="ApiRoutes"/> constant). A route missing here
/// still appears in the document, with its path, parameters and the problem answer every route can give.
/// </summary>
internal static class ApiOperations
{
    private static readonly ApiResponse Invalid = new(400, "The request is invalid (problem+json; `errors` names each field).");
    private static readonly ApiResponse Unauthenticated = new(401, "No valid bearer token.");
    private static readonly ApiResponse Forbidden = new(403, "The caller lacks the role.");
    private static readonly ApiResponse RateLimited = new(429, "Too many requests; wait for Retry-After.");
    private static readonly ApiResponse Busy = new(503, "The store or a provider is busy; wait for Retry-After.");
    private static readonly ApiResponse NotModified = new(304, "The ETag in If-None-Match is still current.");

    public static readonly IReadOnlyDictionary<string, ApiOperation> ByRoute = new Dictionary<string, ApiOperation>(StringComparer.Ordinal)
    {
        [$"GET {ApiRoutes.Health}"] = new("Liveness: answers as long as the process runs.", "Operations", null, false, [],
            new ApiResponse(200, "Alive.", typeof(HealthView))),
        [$"GET {ApiRoutes.HealthReady}"] = new("Readiness: checks the stores, the search index and the join queue, each with a short timeout.",
            "Operations", null, false, [],
            new ApiResponse(200, "Every dependency answered.", typeof(ReadyView)), new ApiResponse(503, "A dependency failed; `checks` says which.", typeof(ReadyView))),
        [$"POST {ApiRoutes.CreateEvent}"] = new("Creates an event and its tickets (organizers).", "Catalog", typeof(CreateEventRequest), true, [],
            new ApiResponse(202, "Created; tickets are being written (status `creating`).", typeof(EventView)), Invalid, Unauthenticated, Forbidden,
            new ApiResponse(409, "An event with this id exists."), new ApiResponse(429, "The organizer's limit is reached.")),
        [$"GET {ApiRoutes.Event}"] = new("An event with availability per section.", "Catalog", null, false, [],
            new ApiResponse(200, "The event.", typeof(EventView)), NotModified, new ApiResponse(404, "No such event."), RateLimited),
        [$"GET {ApiRoutes.EventTickets}"] = new("The tickets of one section of an event.", "Catalog", null, false, ["section"],
            new ApiResponse(200, "The section's tickets.", typeof(SectionTicketsView)), NotModified, Invalid, new ApiResponse(404, "No such event or section."), RateLimited),
        [$"POST {ApiRoutes.Reserve}"] = new("Holds seats for the caller: chosen tickets, or the best adjacent block of a section.", "Booking",
            typeof(ReserveRequest), true, [],
            new ApiResponse(201, "Held until `expiresAt`.", typeof(ReservationView)), new ApiResponse(200, "An Idempotency-Key replay: the first answer's reservation.", typeof(ReservationView)),
            Invalid, Unauthenticated, new ApiResponse(403, "No valid `Queue-Pass` while the event's waiting room or waiting list is on (`joinUrl` says where to join)."),
            new ApiResponse(404, "No such event or section."), new ApiResponse(409, "Seats taken, ticket limit reached, or sales closed."),
            new ApiResponse(422, "Unknown tickets, or an Idempotency-Key reused with another body."), RateLimited, Busy),
        [$"GET {ApiRoutes.WaitingRoom}"] = new("The event's waiting room and waiting list: state, admission so far, people waiting, sold out or not.",
            "Waiting room", null, false, [],
            new ApiResponse(200, "The state; public, cacheable for 3 s. With `listOpen`, `waiting` is the waiting list's length.", typeof(WaitingRoomView)),
            new ApiResponse(404, "No such event."), RateLimited),
        [$"POST {ApiRoutes.QueueJoin}"] = new(
            "Joins the event's waiting room, or its waiting list once it is sold out; joining again answers the same entry.", "Waiting room", null, true, [],
            new ApiResponse(202, "Joined (or already in): the entry, at `Location`; poll it when `Retry-After` says.", typeof(QueueEntryView)),
            Unauthenticated, new ApiResponse(404, "No such event."),
            new ApiResponse(409, "No room open yet and seats still on sale (`not-sold-out`), the room not open yet, or the event cancelled or started."),
            RateLimited, Busy),
        [$"GET {ApiRoutes.QueueEntry}"] = new("The caller's entry: status, position, people `ahead`, and a pass while admitted.", "Waiting room", null, true, [],
            new ApiResponse(200, "The entry; `Retry-After` says when to ask again.", typeof(QueueEntryView)), Unauthenticated,
            new ApiResponse(404, "No such entry of the caller.")),
        [$"GET {ApiRoutes.QueueStream}"] = new("The caller's entry as server-sent `entry` events until admitted or lapsed.", "Waiting room", null, true, [],
            new ApiResponse(200, "`text/event-stream` of `entry` events (each a queue entry)."), Unauthenticated, new ApiResponse(404, "No such entry of the caller."),
            new ApiResponse(503, "This instance holds as many streams as it may.")),
        [$"PUT {ApiRoutes.Confirm}"] = new("Pays for a held reservation and books its seats.", "Booking", typeof(ConfirmRequest), true, [],
            new ApiResponse(200, "Confirmed (or the outcome so far).", typeof(ReservationView)),
            new ApiResponse(202, "The card needs the customer (3-D Secure): finish with `clientSecret`.", typeof(PaymentActionView)),
            Invalid, Unauthenticated, new ApiResponse(402, "The payment was declined or failed."), new ApiResponse(404, "No such reservation."),
            new ApiResponse(409, "Expired, cancelled, or a payment is under way."), RateLimited, Busy),
        [$"GET {ApiRoutes.Reservation}"] = new("One of the caller's reservations.", "Booking", null, true, [],
            new ApiResponse(200, "The reservation.", typeof(ReservationView)), Unauthenticated, new ApiResponse(404, "No such reservation of the caller.")),
        [$"DELETE {ApiRoutes.Reservation}"] = new("Cancels a held reservation; its seats are free at once.", "Booking", null, true, [],
            new ApiResponse(200, "Cancelled.", typeof(ReservationView)), Unauthenticated, new ApiResponse(404, "No such reservation of the caller."),
            new ApiResponse(409, "Already booked, expired, or a payment is under way."), RateLimited),
        [$"GET {ApiRoutes.Bookings}"] = new("The caller's reservations and bookings, newest first.", "Booking", null, true, ["pageSize", "cursor"],
            new ApiResponse(200, "One page; `next` is the cursor of the next.", typeof(ReservationListView)), Invalid, Unauthenticated),
        [$"GET {ApiRoutes.BookingTickets}"] = new("The tickets of one of the caller's bookings: each seat's code and QR code links.", "Tickets", null, true, [],
            new ApiResponse(200, "The tickets (without codes once the booking is refunded).", typeof(TicketListView)), Unauthenticated,
            new ApiResponse(404, "No such booking of the caller.")),
        [$"GET {ApiRoutes.TicketQrSvg}"] = new("A ticket's QR code as SVG (`image/svg+xml`).", "Tickets", null, true, [],
            new ApiResponse(200, "The QR code; cached privately for an hour, with an ETag."), new ApiResponse(304, "The ETag in If-None-Match is still current."),
            Unauthenticated, new ApiResponse(404, "No such booking or ticket of the caller."), new ApiResponse(409, "The booking was refunded.")),
        [$"GET {ApiRoutes.TicketQrPng}"] = new("A ticket's QR code as PNG (`image/png`).", "Tickets", null, true, [],
            new ApiResponse(200, "The QR code; cached privately for an hour, with an ETag."), new ApiResponse(304, "The ETag in If-None-Match is still current."),
            Unauthenticated, new ApiResponse(404, "No such booking or ticket of the caller."), new ApiResponse(409, "The booking was refunded.")),
        [$"POST {ApiRoutes.CheckIn}"] = new("Checks a scanned ticket in at the door (the event's organizer, its staff, or an admin).", "Tickets",
            typeof(CheckInRequest), true, [],
            new ApiResponse(200, "Admitted: the seat, its section and row.", typeof(CheckInView)),
            new ApiResponse(400, "Not a ticket of this event (misread, forged, or another event's), or an invalid body."), Unauthenticated,
            new ApiResponse(403, "The caller is not the event's organizer, staff or an admin."), new ApiResponse(404, "No such event."),
            new ApiResponse(409, "Already checked in (`firstCheckedInAt`, `firstGate`), or the ticket was revoked by a refund."), RateLimited),
        [$"PUT {ApiRoutes.EventStaff}"] = new("Names the people who may check tickets in at the event's doors (its organizer or an admin).", "Tickets",
            typeof(StaffRequest), true, [],
            new ApiResponse(200, "The event's door staff as it now is.", typeof(StaffView)), Invalid, Unauthenticated, Forbidden,
            new ApiResponse(404, "No such event.")),
        [$"DELETE {ApiRoutes.Booking}"] = new("Refunds one of the caller's bookings within the event's refund policy; its seats go back on sale.", "Refunds",
            null, true, [],
            new ApiResponse(200, "Refunded (also when asked again).", typeof(BookingView)),
            new ApiResponse(202, "Refunding: the refund takes longer than usual and finishes on its own.", typeof(BookingView)),
            Unauthenticated, new ApiResponse(402, "The payment provider refused the refund; the booking stays valid."),
            new ApiResponse(404, "No such booking of the caller."), new ApiResponse(409, "Outside the event's refund policy."), RateLimited, Busy),
        [$"PUT {ApiRoutes.RefundPolicy}"] = new("Sets an event's refund policy (its organizer or an admin).", "Refunds", typeof(RefundPolicyInput), true, [],
            new ApiResponse(200, "The event as it now is.", typeof(EventView)), Invalid, Unauthenticated, Forbidden,
            new ApiResponse(404, "No such event."), new ApiResponse(409, "The event is cancelled.")),
        [$"PUT {ApiRoutes.EventSchedule}"] = new("Moves an event to a new start (its organizer or an admin); bookings stay.", "Catalog", typeof(ScheduleRequest), true, [],
            new ApiResponse(200, "The event as it now is.", typeof(EventView)), Invalid, Unauthenticated, Forbidden,
            new ApiResponse(404, "No such event."), new ApiResponse(409, "The event is cancelled.")),
        [$"POST {ApiRoutes.CancelEvent}"] = new("Cancels an event (its organizer or an admin): sales stop and every booking is refunded.", "Refunds", null, true, [],
            new ApiResponse(202, "Cancelled; the refunds are under way (Location: their progress).", typeof(CancellationProgress)),
            Unauthenticated, Forbidden, new ApiResponse(404, "No such event."), Busy),
        [$"GET {ApiRoutes.EventCancellation}"] = new("How far a cancelled event's refunds have come (its organizer or an admin).", "Refunds", null, true, [],
            new ApiResponse(200, "Refunded, failed (with reasons) and total.", typeof(CancellationProgress)),
            Unauthenticated, Forbidden, new ApiResponse(404, "No such event, or it is not cancelled.")),
        [$"POST {ApiRoutes.RetryEventCancellation}"] = new("Tries a cancelled event's failed refunds again (its organizer or an admin).", "Refunds", null, true, [],
            new ApiResponse(200, "Nothing failed: the progress as it is.", typeof(CancellationProgress)),
            new ApiResponse(202, "The failed refunds are being tried again, or the refunds are still under way (Location: their progress).",
                typeof(CancellationProgress)),
            Unauthenticated, Forbidden, new ApiResponse(404, "No such event, or it is not cancelled."), Busy),
        [$"POST {ApiRoutes.StripeWebhook}"] = new("Stripe's webhook (signed with the webhook secret).", "Payments", null, false, [],
            new ApiResponse(200, "Accepted."), new ApiResponse(400, "Missing or wrong signature."), new ApiResponse(413, "The body is over 64 KiB.")),
        [$"GET {ApiRoutes.Search}"] = new("Searches events by text, place, date and category.", "Search", null, false,
            ["search_term", "location", "date", "from", "to", "category", "page", "pageSize"],
            new ApiResponse(200, "One page of events with facets.", typeof(SearchResponse)), NotModified, Invalid, RateLimited),
        [$"POST {ApiRoutes.Search}"] = new("Searches events (the same query in the query string).", "Search", null, false,
            ["search_term", "location", "date", "from", "to", "category", "page", "pageSize"],
            new ApiResponse(200, "One page of events with facets.", typeof(SearchResponse)), NotModified, Invalid, RateLimited),
        [$"POST {ApiRoutes.SearchRebuild}"] = new("Reindexes the whole catalog (admins).", "Search", null, true, [],
            new ApiResponse(200, "Counts of documents indexed and removed."), Unauthenticated, Forbidden),
    };

    /// <summary>Routes of the local host that the document leaves out: the development routes are never deployed.</summary>
    public static readonly IReadOnlySet<string> Undocumented = new HashSet<string>(StringComparer.Ordinal)
    {
        $"POST {ApiRoutes.DevToken}",
        $"POST {ApiRoutes.DevPaymentAuthentication}",
    };
}
