using System.Runtime.CompilerServices;
using TicketBooking.Storage;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Catalog;

/// <summary>The embedded event store: one partition per event (as in Cosmos), with the same ETag semantics.</summary>
public sealed class InMemoryEventStore : IEventStore
{
    private const int MaxAttempts = 5;
    private readonly InMemoryPartitionedMap<EventRecord> _events = new();

    public Task<bool> CreateAsync(EventRecord record, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_events.TryCreate(record.Id, record.Id, record));
    }

    public Task<EventRecord?> GetAsync(string eventId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_events.Get(eventId, eventId)?.Value);
    }

    public Task<EventRecord?> ChangeStatusAsync(string eventId, EventStatus from, EventStatus to, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_events.Get(eventId, eventId) is not { } stored || (stored.Value.Status != from && stored.Value.Status != to))
            {
                return Task.FromResult<EventRecord?>(null);
            }

            if (stored.Value.Status == to)
            {
                return Task.FromResult<EventRecord?>(stored.Value);
            }

            var changed = stored.Value with { Status = to, Version = stored.Value.Version + 1 };
            if (_events.TryReplace(eventId, eventId, changed, stored.ETag) is not null)
            {
                return Task.FromResult<EventRecord?>(changed);
            }
        }

        throw new InvalidOperationException($"Event {eventId} kept changing while its status was being set to {to}.");
    }

    public Task<EventRecord?> SetWaitingRoomAsync(string eventId, long expectedVersion, WaitingRoomSettings? room,
        CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_events.Get(eventId, eventId) is not { } stored || stored.Value.Version != expectedVersion)
        {
            return Task.FromResult<EventRecord?>(null);
        }

        var changed = stored.Value with { WaitingRoom = room, Version = stored.Value.Version + 1 };
        return Task.FromResult(_events.TryReplace(eventId, eventId, changed, stored.ETag) is null ? null : changed);
    }

    public Task<EventRecord?> ReplaceAsync(EventRecord changed, long expectedVersion, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_events.Get(changed.Id, changed.Id) is not { } stored || stored.Value.Version != expectedVersion)
        {
            return Task.FromResult<EventRecord?>(null);
        }

        return Task.FromResult(_events.TryReplace(changed.Id, changed.Id, changed, stored.ETag) is null ? null : changed);
    }

    public Task<IReadOnlyList<EventRecord>> ListCreatedByAsync(string organizerId, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_events.ListAll(e => e.CreatedBy == organizerId && e.CreatedAt >= since));
    }

    public async IAsyncEnumerable<EventRecord> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var record in _events.ListAll())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return record;
        }

        await Task.CompletedTask;
    }
}
