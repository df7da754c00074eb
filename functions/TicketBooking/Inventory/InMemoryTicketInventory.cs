using TicketBooking.Storage;

namespace TicketBooking.Inventory;

/// <summary>
/// The embedded store: tickets in memory, partitioned by event, with the same conditional-write semantics as Cosmos
/// (every stored version has an ETag; a replace succeeds only against the current one).
/// </summary>
public sealed class InMemoryTicketInventory(ITicketChangeObserver observer, TimeProvider time)
    : ConditionalTicketInventory(observer, time)
{
    private readonly InMemoryPartitionedMap<Ticket> _tickets = new();

    protected override Task<IReadOnlyDictionary<string, Stored>> ReadAsync(string eventId, IReadOnlyCollection<string> ticketIds,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyDictionary<string, Stored> found = _tickets.GetMany(eventId, ticketIds)
            .ToDictionary(p => p.Key, p => new Stored(p.Value.Value, p.Value.ETag), StringComparer.Ordinal);
        return Task.FromResult(found);
    }

    protected override Task<string?> TryReplaceAsync(Ticket updated, string ifMatch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_tickets.TryReplace(updated.EventId, updated.TicketId, updated, ifMatch));
    }

    protected override Task CreateAsync(string eventId, IReadOnlyList<Ticket> tickets, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _tickets.CreateMany(eventId, tickets.Select(t => (t.TicketId, t)));
        return Task.CompletedTask;
    }

    protected override Task<IReadOnlyList<Ticket>> QueryAsync(string eventId, string? section, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_tickets.List(eventId, t => section is null || t.Section == section));
    }
}
