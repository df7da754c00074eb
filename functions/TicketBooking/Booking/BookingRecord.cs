namespace TicketBooking.Booking;

/// <summary>The confirmed, paid result of a reservation, kept for good. Its id is derived from the reservation's.</summary>
public sealed record BookingRecord(
    string Id,
    string UserId,
    string ReservationId,
    string EventId,
    IReadOnlyList<ReservedTicket> Tickets,
    decimal Total,
    string Currency,
    string PaymentId,
    DateTimeOffset BookedAt);
