using System.Net;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;

namespace TicketBooking.Booking;

/// <summary>Bookings in Cosmos DB: the <c>bookings</c> container, partitioned by <c>/userId</c>, no TTL.</summary>
public sealed class CosmosBookingStore(Container container) : IBookingStore
{
    internal sealed record BookingDocument(
        [property: JsonPropertyName("id")] string Id,
        string UserId,
        string ReservationId,
        string EventId,
        IReadOnlyList<ReservedTicket> Tickets,
        decimal Total,
        string Currency,
        string PaymentId,
        DateTimeOffset BookedAt)
    {
        public static BookingDocument From(BookingRecord b) =>
            new(b.Id, b.UserId, b.ReservationId, b.EventId, b.Tickets, b.Total, b.Currency, b.PaymentId, b.BookedAt);

        public BookingRecord ToRecord() => new(Id, UserId, ReservationId, EventId, Tickets, Total, Currency, PaymentId, BookedAt);
    }

    public async Task SaveAsync(BookingRecord booking, CancellationToken cancellationToken = default)
    {
        try
        {
            await container.CreateItemAsync(BookingDocument.From(booking), new PartitionKey(booking.UserId),
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
            var response = await container.ReadItemAsync<BookingDocument>(bookingId, new PartitionKey(userId), cancellationToken: cancellationToken);
            return response.Resource.ToRecord();
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
