using System.Collections.Concurrent;

namespace TicketBooking.Booking;

public sealed class InMemoryBookingStore : IBookingStore
{
    private readonly ConcurrentDictionary<(string UserId, string Id), BookingRecord> _bookings = new();

    public Task SaveAsync(BookingRecord booking, CancellationToken cancellationToken = default)
    {
        _bookings.TryAdd((booking.UserId, booking.Id), booking);
        return Task.CompletedTask;
    }

    public Task<BookingRecord?> GetAsync(string userId, string bookingId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_bookings.GetValueOrDefault((userId, bookingId)));
}
