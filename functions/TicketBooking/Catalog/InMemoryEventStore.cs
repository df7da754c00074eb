using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace TicketBooking.Catalog;

public sealed class InMemoryEventStore : IEventStore
{
    private readonly ConcurrentDictionary<string, EventRecord> _events = new(StringComparer.Ordinal);

    public Task<bool> CreateAsync(EventRecord record, CancellationToken cancellationToken = default) =>
        Task.FromResult(_events.TryAdd(record.Id, record));

    public Task<EventRecord?> GetAsync(string eventId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_events.GetValueOrDefault(eventId));

    public async IAsyncEnumerable<EventRecord> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var record in _events.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return record;
        }

        await Task.CompletedTask;
    }
}
