namespace TicketBooking.Booking;

/// <summary>Where bookings are kept for good: one document per booking in its owner's partition. Written once, never changed.</summary>
public interface IBookingStore
{
    /// <summary>Stores the booking unless it is already there (a retried confirmation stores it once).</summary>
    Task SaveAsync(BookingRecord booking, CancellationToken cancellationToken = default);

    Task<BookingRecord?> GetAsync(string userId, string bookingId, CancellationToken cancellationToken = default);
}
