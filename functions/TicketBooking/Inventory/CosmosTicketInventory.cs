using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using TicketBooking.Cosmos;
using TicketBooking.Storage;

namespace TicketBooking.Inventory;

/// <summary>
/// Tickets in Cosmos DB: one document per ticket in the <c>tickets</c> container, partitioned by event id.
/// Every status change is a replace with If-Match on the document's ETag; a 412 means someone else won. Queries keep each
/// ticket's ETag, so a write after the seat map was loaded starts without a read.
/// </summary>
public sealed class CosmosTicketInventory(Container container, ITicketChangeObserver observer, TimeProvider time)
    : ConditionalTicketInventory(observer, time)
{
    private const int CreateParallelism = 32;

    public sealed record TicketDocument(
        [property: JsonPropertyName("id")] string Id,
        string EventId,
        string Section,
        int Row,
        int Seat,
        decimal Price,
        string Currency,
        TicketStatus Status,
        string? ReservationId,
        DateTimeOffset? HeldUntil,
        long Version,
        [property: JsonPropertyName("_etag")] string? ETag = null)
    {
        public static TicketDocument From(Ticket t) =>
            new(t.TicketId, t.EventId, t.Section, t.Row, t.Seat, t.Price, t.Currency, t.Status, t.ReservationId, t.HeldUntil, t.Version);

        public Ticket ToTicket() => new(EventId, Id, Section, Row, Seat, Price, Currency, Status, ReservationId, HeldUntil, Version);
    }

    protected override async Task<IReadOnlyDictionary<string, Stored>> ReadAsync(string eventId, IReadOnlyCollection<string> ticketIds,
        CancellationToken cancellationToken)
    {
        var partition = new PartitionKey(eventId);
        var reads = await Task.WhenAll(ticketIds.Select(id => container.ReadOrNullAsync<TicketDocument>(id, partition, cancellationToken)));
        return reads.OfType<Versioned<TicketDocument>>()
            .ToDictionary(r => r.Value.Id, r => new Stored(r.Value.ToTicket(), r.ETag), StringComparer.Ordinal);
    }

    protected override Task<string?> TryReplaceAsync(Ticket updated, string ifMatch, CancellationToken cancellationToken) =>
        container.ReplaceIfMatchAsync(TicketDocument.From(updated), updated.TicketId, new PartitionKey(updated.EventId), ifMatch, cancellationToken);

    protected override async Task CreateAsync(string eventId, IReadOnlyList<Ticket> tickets, CancellationToken cancellationToken)
    {
        var partition = new PartitionKey(eventId);
        await Parallel.ForEachAsync(tickets, new ParallelOptions { MaxDegreeOfParallelism = CreateParallelism, CancellationToken = cancellationToken },
            // An id already there (a retried batch) keeps its stored ticket.
            async (ticket, ct) => await container.CreateIfAbsentAsync(TicketDocument.From(ticket), partition, ct));
    }

    protected override async Task<IReadOnlyList<Ticket>> QueryAsync(string eventId, string? section, CancellationToken cancellationToken)
    {
        var query = section is null
            ? new QueryDefinition("SELECT * FROM c WHERE c.eventId = @eventId").WithParameter("@eventId", eventId)
            : new QueryDefinition("SELECT * FROM c WHERE c.eventId = @eventId AND c.section = @section")
                .WithParameter("@eventId", eventId).WithParameter("@section", section);
        var documents = await container.QueryPartitionAsync<TicketDocument>(query, new PartitionKey(eventId), 1000, cancellationToken);
        var tickets = documents.Select(d => d.ToTicket()).ToArray();
        // The seat map's load hands every ticket's ETag to the next write: holding a seat then needs no read first.
        foreach (var (document, ticket) in documents.Zip(tickets))
        {
            if (document.ETag is not null)
            {
                Remember(new Stored(ticket, document.ETag));
            }
        }

        return tickets;
    }
}
