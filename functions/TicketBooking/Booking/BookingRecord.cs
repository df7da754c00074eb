namespace TicketBooking.Booking;

/// <summary>
/// The confirmed result of a reservation, kept for good. Its id is derived from the reservation's. <see cref="PaymentId"/>
/// is null for free tickets (booked without a payment).
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
    DateTimeOffset BookedAt);

/// <summary>Where bookings are kept for good: one document per booking in its owner's partition. Written once, never changed.</summary>
public interface IBookingStore
{
    /// <summary>Stores the booking unless it is already there (a retried confirmation stores it once).</summary>
    Task SaveAsync(BookingRecord booking, CancellationToken cancellationToken = default);

    Task<BookingRecord?> GetAsync(string userId, string bookingId, CancellationToken cancellationToken = default);
}
