using TicketBooking.Storage;

namespace TicketBooking.Booking;

/// <summary>
/// Where bookings are kept for good: one document per booking in its owner's partition. Stored once at confirmation;
/// afterwards only a refund changes one, with a conditional write (<see cref="TryReplaceAsync"/>).
/// </summary>
public interface IBookingStore
{
    /// <summary>Stores the booking unless it is already there (a retried confirmation stores it once).</summary>
    Task SaveAsync(BookingRecord booking, CancellationToken cancellationToken = default);

    Task<BookingRecord?> GetAsync(string userId, string bookingId, CancellationToken cancellationToken = default);

    /// <summary>The user's booking with the ETag of the version read, or null.</summary>
    Task<Versioned<BookingRecord>?> ReadAsync(string userId, string bookingId, CancellationToken cancellationToken = default);

    /// <summary>Replaces the booking if its stored ETag is still <paramref name="ifMatch"/>: the new ETag, or null when it changed meanwhile.</summary>
    Task<string?> TryReplaceAsync(BookingRecord booking, string ifMatch, CancellationToken cancellationToken = default);
}
