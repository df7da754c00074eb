namespace TicketBooking.Errors;

/// <summary>
/// What went wrong, in the domain's words. Features throw a <see cref="DomainException"/> of one of these kinds;
/// only <c>Http/ProblemMapper</c> decides the HTTP status and the problem type of each.
/// </summary>
public enum ErrorKind
{
    /// <summary>A field or parameter is not valid; <see cref="InvalidRequestException.Errors"/> names each one.</summary>
    InvalidRequest,
    MalformedBody,
    UnsupportedMediaType,
    BodyTooLarge,
    Unauthenticated,
    Forbidden,
    EventNotFound,
    SectionNotFound,
    ReservationNotFound,
    AlreadyExists,
    UnknownTickets,
    TicketsUnavailable,
    TicketLimit,
    SalesClosed,
    IdempotencyKeyReused,
    ReservationExpired,
    ReservationCancelled,
    ReservationConfirmed,
    PaymentInProgress,
    PaymentDeclined,
    PaymentFailed,
    PaymentUnavailable,

    /// <summary>The reservation's amount cannot be expressed in its currency for the payment provider.</summary>
    AmountNotChargeable,
    InvalidSignature,
    RateLimited,

    /// <summary>An organizer reached a daily cap on events or seats created.</summary>
    OrganizerLimit,
    Unavailable,

    /// <summary>This instance holds as many live streams (in all, or on one event) as its settings allow.</summary>
    ListenerLimit,

    /// <summary>The event's waiting room is off or not open yet: there is nothing to join.</summary>
    WaitingRoomClosed,

    /// <summary>The event's waiting room is on and the request carries no valid queue pass for this user and event.</summary>
    QueuePassRequired,
    QueueEntryNotFound,

    /// <summary>The event has seats free or held and no open waiting list: there is no list to join, reserve instead.</summary>
    NotSoldOut,

    /// <summary>The caller has no booking with that id, or the booking has no such ticket.</summary>
    TicketNotFound,

    /// <summary>A scanned code is not a ticket of this event: misread, altered, forged, or another event's.</summary>
    InvalidTicketCode,

    /// <summary>The ticket's seat was already admitted at the door.</summary>
    AlreadyCheckedIn,

    /// <summary>The ticket's booking was refunded (or its seat is no longer the booking's): it does not admit.</summary>
    TicketRevoked,

    /// <summary>The caller has no booking with that id (another user's booking reads as missing too).</summary>
    BookingNotFound,

    /// <summary>The booking cannot be refunded: the event's refund policy does not allow it (any more).</summary>
    RefundNotAllowed,

    /// <summary>The event was cancelled by its organizer: nothing about it is on sale or can be changed any more.</summary>
    EventCancelled,
}
