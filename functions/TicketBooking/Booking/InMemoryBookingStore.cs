using TicketBooking.Storage;

namespace TicketBooking.Booking;

/// <summary>The embedded booking store: per-user partitions in memory, with the same ETag semantics as Cosmos.</summary>
public sealed class InMemoryBookingStore : IBookingStore
{
    private readonly InMemoryPartitionedMap<BookingRecord> _bookings = new();

    public Task SaveAsync(BookingRecord booking, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _bookings.TryCreate(booking.UserId, booking.Id, booking);
        return Task.CompletedTask;
    }

    public Task<BookingRecord?> GetAsync(string userId, string bookingId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_bookings.Get(userId, bookingId)?.Value);
    }

    public Task<Versioned<BookingRecord>?> ReadAsync(string userId, string bookingId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_bookings.Get(userId, bookingId));
    }

    public Task<string?> TryReplaceAsync(BookingRecord booking, string ifMatch, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_bookings.TryReplace(booking.UserId, booking.Id, booking, ifMatch));
    }
}
