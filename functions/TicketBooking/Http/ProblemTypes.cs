namespace TicketBooking.Http;

/// <summary>The stable <c>type</c> values of every problem the API returns (documented in docs/api.md).</summary>
public static class ProblemTypes
{
    public const string Validation = "/problems/validation";
    public const string MalformedJson = "/problems/malformed-json";
    public const string UnsupportedMediaType = "/problems/unsupported-media-type";
    public const string PayloadTooLarge = "/problems/payload-too-large";
    public const string Unauthorized = "/problems/unauthorized";
    public const string Forbidden = "/problems/forbidden";
    public const string NotFound = "/problems/not-found";
    public const string EventNotFound = "/problems/event-not-found";
    public const string SectionNotFound = "/problems/section-not-found";
    public const string MethodNotAllowed = "/problems/method-not-allowed";
    public const string Conflict = "/problems/conflict";
    public const string Unavailable = "/problems/service-unavailable";
    public const string PaymentUnavailable = "/problems/payment-unavailable";
    public const string InvalidSignature = "/problems/invalid-signature";
    public const string ReservationNotFound = "/problems/reservation-not-found";
    public const string ReservationExpired = "/problems/reservation-expired";
    public const string ReservationCancelled = "/problems/reservation-cancelled";
    public const string ReservationConfirmed = "/problems/reservation-confirmed";
    public const string TicketsUnavailable = "/problems/tickets-unavailable";
    public const string UnknownTickets = "/problems/unknown-tickets";
    public const string TicketLimit = "/problems/ticket-limit";
    public const string SalesClosed = "/problems/sales-closed";
    public const string OrganizerLimit = "/problems/organizer-limit";
    public const string IdempotencyKeyReused = "/problems/idempotency-key-reused";
    public const string PaymentDeclined = "/problems/payment-declined";
    public const string PaymentFailed = "/problems/payment-failed";
    public const string PaymentInProgress = "/problems/payment-in-progress";
    public const string AmountNotChargeable = "/problems/amount-not-chargeable";
    public const string WaitingRoomClosed = "/problems/waiting-room-closed";
    public const string QueuePassRequired = "/problems/queue-pass-required";
    public const string QueueEntryNotFound = "/problems/queue-entry-not-found";
    public const string NotSoldOut = "/problems/not-sold-out";
    public const string TicketNotFound = "/problems/ticket-not-found";
    public const string InvalidTicketCode = "/problems/invalid-ticket-code";
    public const string AlreadyCheckedIn = "/problems/already-checked-in";
    public const string TicketRevoked = "/problems/ticket-revoked";
    public const string BookingNotFound = "/problems/booking-not-found";
    public const string RefundNotAllowed = "/problems/refund-not-allowed";
    public const string EventCancelled = "/problems/event-cancelled";
    public const string RateLimited = "/problems/rate-limited";
    public const string ListenerLimit = "/problems/listener-limit";
    public const string Internal = "/problems/internal";
}
