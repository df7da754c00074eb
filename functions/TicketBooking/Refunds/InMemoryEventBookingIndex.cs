using TicketBooking.Storage;

namespace TicketBooking.Refunds;

/// <summary>The embedded booking index: one partition per event, as in Cosmos.</summary>
public sealed class InMemoryEventBookingIndex : IEventBookingIndex
{
    private readonly InMemoryPartitionedMap<EventBooking> _entries = new();
    private readonly InMemoryPartitionedMap<CancellationProgress> _progress = new();

    public Task AddAsync(EventBooking entry, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _entries.TryCreate(entry.EventId, entry.Id, entry);
        return Task.CompletedTask;
    }

    public Task<EventBookingPage> ListAsync(string eventId, int pageSize, string? after = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var found = _entries.List(eventId, e => after is null || string.CompareOrdinal(e.Id, after) > 0)
            .OrderBy(e => e.Id, StringComparer.Ordinal).Take(pageSize + 1).ToArray();
        var items = found.Take(pageSize).ToArray();
        return Task.FromResult(new EventBookingPage(items, found.Length > pageSize ? items[^1].Id : null));
    }

    public Task<CancellationProgress?> GetProgressAsync(string eventId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_progress.Get(eventId, eventId)?.Value);
    }

    public Task SaveProgressAsync(CancellationProgress progress, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _progress.Upsert(progress.EventId, progress.EventId, progress);
        return Task.CompletedTask;
    }
}
