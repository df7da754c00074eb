using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using TicketBooking.Cosmos;

namespace TicketBooking.Booking;

/// <summary>
/// Reservations in Cosmos DB: the <c>reservations</c> container, partitioned by <c>/userId</c>. Status changes are
/// replaces with If-Match; a 412 means another writer (a second confirm, the expiry timer) got there first.
/// Expired and cancelled reservations carry a <c>ttl</c> and vanish after <see cref="FinishedRetention"/>;
/// confirmed ones stay (the booking is also kept for good in the <c>bookings</c> container).
/// </summary>
public sealed class CosmosReservationStore(Container container) : IReservationStore
{
    public static readonly TimeSpan FinishedRetention = TimeSpan.FromDays(90);

    private sealed record ReservationDocument(
        [property: JsonPropertyName("id")] string Id,
        string UserId,
        string EventId,
        IReadOnlyList<ReservedTicket> Tickets,
        decimal Total,
        string Currency,
        ReservationStatus Status,
        DateTimeOffset CreatedAt,
        DateTimeOffset ExpiresAt,
        ReservationPayment Payment,
        IReadOnlyList<ReservationChange> History,
        string? RequestHash,
        string? BookingId,
        DateTimeOffset? ConfirmedAt,
        string SortKey,
        [property: JsonPropertyName("ttl")] int? Ttl = null,
        [property: JsonPropertyName("_etag")] string? ETag = null)
    {
        public static ReservationDocument From(Reservation r) =>
            new(r.Id, r.UserId, r.EventId, r.Tickets, r.Total, r.Currency, r.Status, r.CreatedAt, r.ExpiresAt, r.Payment, r.History,
                r.RequestHash, r.BookingId, r.ConfirmedAt, ReservationOrder.SortKeyOf(r),
                r.Status is ReservationStatus.Expired or ReservationStatus.Cancelled ? (int)FinishedRetention.TotalSeconds : null);

        public Reservation ToReservation() =>
            new(Id, UserId, EventId, Tickets, Total, Currency, Status, CreatedAt, ExpiresAt, Payment, History, RequestHash, BookingId, ConfirmedAt);
    }

    public Task<string?> CreateAsync(Reservation reservation, CancellationToken cancellationToken = default) =>
        container.CreateIfAbsentWithETagAsync(ReservationDocument.From(reservation), new PartitionKey(reservation.UserId), cancellationToken);

    public async Task<StoredReservation?> GetAsync(string userId, string reservationId, CancellationToken cancellationToken = default) =>
        await container.ReadOrNullAsync<ReservationDocument>(reservationId, new PartitionKey(userId), cancellationToken) is { } stored
            ? new StoredReservation(stored.Value.ToReservation(), stored.ETag)
            : null;

    public Task<string?> TryReplaceAsync(Reservation reservation, string ifMatch, CancellationToken cancellationToken = default) =>
        container.ReplaceIfMatchAsync(ReservationDocument.From(reservation), reservation.Id, new PartitionKey(reservation.UserId), ifMatch,
            cancellationToken);

    public async Task<ReservationPage> ListAsync(string userId, int pageSize, string? after = null, CancellationToken cancellationToken = default)
    {
        // Keyset paging on one indexed field: no continuation token to keep, no OFFSET cost, one partition.
        var query = new QueryDefinition(after is null
                ? "SELECT TOP @take * FROM c WHERE c.userId = @userId ORDER BY c.sortKey DESC"
                : "SELECT TOP @take * FROM c WHERE c.userId = @userId AND c.sortKey < @after ORDER BY c.sortKey DESC")
            .WithParameter("@take", pageSize + 1).WithParameter("@userId", userId);
        if (after is not null)
        {
            query = query.WithParameter("@after", after);
        }

        var found = await QueryAsync(query, userId, cancellationToken);
        var items = found.Take(pageSize).ToArray();
        return new ReservationPage(items, found.Count > pageSize ? ReservationOrder.SortKeyOf(items[^1]) : null);
    }

    public async Task<IReadOnlyList<Reservation>> ListForEventAsync(string userId, string eventId, CancellationToken cancellationToken = default) =>
        await QueryAsync(new QueryDefinition("SELECT * FROM c WHERE c.userId = @userId AND c.eventId = @eventId")
            .WithParameter("@userId", userId).WithParameter("@eventId", eventId), userId, cancellationToken);

    public async Task<IReadOnlyList<Reservation>> ListOpenHoldsAsync(DateTimeOffset endingBefore, int max, CancellationToken cancellationToken = default)
    {
        // Across partitions (reservations are partitioned by user): it runs when an instance starts and every few minutes.
        // expiresAt is ISO 8601 in UTC, which compares as a string; the result is checked again below.
        var query = new QueryDefinition(
                "SELECT TOP @max * FROM c WHERE c.status = @held AND c.payment.attempt = 0 AND c.expiresAt < @before")
            .WithParameter("@max", max).WithParameter("@held", "held").WithParameter("@before", endingBefore.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        var found = new List<Reservation>();
        using var iterator = container.GetItemQueryIterator<ReservationDocument>(query, requestOptions: new QueryRequestOptions { MaxItemCount = Math.Min(max, 1000) });
        while (iterator.HasMoreResults && found.Count < max)
        {
            found.AddRange((await iterator.ReadNextAsync(cancellationToken)).Select(d => d.ToReservation())
                .Where(r => r.Status == ReservationStatus.Held && r.Payment.Attempt == 0 && r.ExpiresAt < endingBefore));
        }

        return found.Take(max).ToArray();
    }

    private async Task<List<Reservation>> QueryAsync(QueryDefinition query, string userId, CancellationToken cancellationToken) =>
        (await container.QueryPartitionAsync<ReservationDocument>(query, new PartitionKey(userId), 100, cancellationToken))
            .Select(d => d.ToReservation()).ToList();
}
