namespace TicketBooking.Booking;

/// <summary>
/// The confirmed result of a reservation, kept for good. Its id is derived from the reservation's. <see cref="PaymentId"/>
/// is null for free tickets (booked without a payment). <see cref="Status"/> is <see cref="BookingStatus.Confirmed"/> until the
/// booking is refunded; <see cref="Refund"/> records why and how (see <c>Refunds/RefundBookings</c>).
/// </summary>
public sealed record BookingRecord(
    string Id,
    string UserId,
    string ReservationId,
    string EventId,
    IReadOnlyList<ReservedTicket> Tickets,
    decimal Total,
    string Currency,
    string? PaymentId,
    DateTimeOffset BookedAt,
    BookingStatus Status = BookingStatus.Confirmed,
    BookingRefund? Refund = null);
