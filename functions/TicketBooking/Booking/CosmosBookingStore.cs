using System.Net;
using Microsoft.Azure.Cosmos;

namespace TicketBooking.Booking;

/// <summary>
/// Bookings in Cosmos DB: the <c>bookings</c> container, partitioned by <c>/userId</c>, no TTL. The record is the
/// document (the camelCase serializer maps <see cref="BookingRecord.Id"/> to <c>id</c>).
/// </summary>
public sealed class CosmosBookingStore(Container container) : IBookingStore
{
    public async Task SaveAsync(BookingRecord booking, CancellationToken cancellationToken = default)
    {
        try
        {
            await container.CreateItemAsync(booking, new PartitionKey(booking.UserId),
                new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken);
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            // Stored by an earlier attempt of the same confirmation: bookings never change.
        }
    }

    public async Task<BookingRecord?> GetAsync(string userId, string bookingId, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await container.ReadItemAsync<BookingRecord>(bookingId, new PartitionKey(userId), cancellationToken: cancellationToken);
            return response.Resource;
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
