using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using TicketBooking.Cosmos;

namespace TicketBooking.Refunds;

/// <summary>
/// The booking index in Cosmos DB: the <c>eventbookings</c> container, partitioned by <c>/eventId</c>. One small
/// document per booking (its id is the booking's) and one <c>cancellation</c> document per cancelled event; only the
/// fields the listing queries on are indexed (infra/app/cosmos.bicep).
/// </summary>
public sealed class CosmosEventBookingIndex(Container container) : IEventBookingIndex
{
    private const string EntryKind = "booking";
    private const string ProgressKind = "cancellation";

    private sealed record EntryDocument([property: JsonPropertyName("id")] string Id, string EventId, string UserId, string ReservationId, string Kind);

    private sealed record ProgressDocument([property: JsonPropertyName("id")] string Id, string EventId, string Kind, CancellationProgress Progress);

    public Task AddAsync(EventBooking entry, CancellationToken cancellationToken = default) =>
        container.CreateIfAbsentAsync(new EntryDocument(entry.Id, entry.EventId, entry.UserId, entry.ReservationId, EntryKind),
            new PartitionKey(entry.EventId), cancellationToken);

    public async Task<EventBookingPage> ListAsync(string eventId, int pageSize, string? after = null, CancellationToken cancellationToken = default)
    {
        // Keyset paging on the id within one partition: no continuation token to keep between activity calls.
        var query = new QueryDefinition(after is null
                ? "SELECT TOP @take * FROM c WHERE c.eventId = @eventId AND c.kind = @kind ORDER BY c.id"
                : "SELECT TOP @take * FROM c WHERE c.eventId = @eventId AND c.kind = @kind AND c.id > @after ORDER BY c.id")
            .WithParameter("@take", pageSize + 1).WithParameter("@eventId", eventId).WithParameter("@kind", EntryKind);
        if (after is not null)
        {
            query = query.WithParameter("@after", after);
        }

        var found = await container.QueryPartitionAsync<EntryDocument>(query, new PartitionKey(eventId), Math.Min(pageSize + 1, 1000), cancellationToken);
        var items = found.Take(pageSize).Select(d => new EventBooking(d.Id, d.EventId, d.UserId, d.ReservationId)).ToArray();
        return new EventBookingPage(items, found.Count > pageSize ? items[^1].Id : null);
    }

    public async Task<CancellationProgress?> GetProgressAsync(string eventId, CancellationToken cancellationToken = default) =>
        (await container.ReadOrNullAsync<ProgressDocument>(ProgressKind, new PartitionKey(eventId), cancellationToken))?.Value.Progress;

    public Task SaveProgressAsync(CancellationProgress progress, CancellationToken cancellationToken = default) =>
        container.UpsertItemAsync(new ProgressDocument(ProgressKind, progress.EventId, ProgressKind, progress), new PartitionKey(progress.EventId),
            new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken);
}
