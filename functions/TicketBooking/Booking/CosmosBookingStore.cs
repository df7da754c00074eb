using Microsoft.Azure.Cosmos;
using TicketBooking.Cosmos;
using TicketBooking.Storage;

namespace TicketBooking.Booking;

/// <summary>
/// Bookings in Cosmos DB: the <c>bookings</c> container, partitioned by <c>/userId</c>, no TTL. The record is the
/// document (the camelCase serializer maps <see cref="BookingRecord.Id"/> to <c>id</c>).
/// </summary>
public sealed class CosmosBookingStore(Container container) : IBookingStore
{
    // A booking already there was stored by an earlier attempt of the same confirmation (or was refunded since): left as it is.
    public Task SaveAsync(BookingRecord booking, CancellationToken cancellationToken = default) =>
        container.CreateIfAbsentAsync(booking, new PartitionKey(booking.UserId), cancellationToken);

    public async Task<BookingRecord?> GetAsync(string userId, string bookingId, CancellationToken cancellationToken = default) =>
        (await container.ReadOrNullAsync<BookingRecord>(bookingId, new PartitionKey(userId), cancellationToken))?.Value;

    public Task<Versioned<BookingRecord>?> ReadAsync(string userId, string bookingId, CancellationToken cancellationToken = default) =>
        container.ReadOrNullAsync<BookingRecord>(bookingId, new PartitionKey(userId), cancellationToken);

    public Task<string?> TryReplaceAsync(BookingRecord booking, string ifMatch, CancellationToken cancellationToken = default) =>
        container.ReplaceIfMatchAsync(booking, booking.Id, new PartitionKey(booking.UserId), ifMatch, cancellationToken);
}
