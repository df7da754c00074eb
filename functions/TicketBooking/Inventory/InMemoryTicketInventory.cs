using System.Collections.Concurrent;

namespace TicketBooking.Inventory;

/// <summary>
/// The embedded store: tickets in memory with the same conditional-write semantics as Cosmos
/// (every stored version has an ETag; a replace succeeds only against the current one).
/// </summary>
public sealed class InMemoryTicketInventory(ITicketChangeObserver observer, TimeProvider time)
    : ConditionalTicketInventory(observer, time)
{
    private readonly ConcurrentDictionary<string, Partition> _partitions = new(StringComparer.Ordinal);
    private long _etagSequence;

    private sealed class Partition
    {
        public readonly Lock Gate = new();
        public readonly Dictionary<string, Stored> Tickets = new(StringComparer.Ordinal);
    }

    protected override Task<IReadOnlyDictionary<string, Stored>> ReadAsync(string eventId, IReadOnlyCollection<string> ticketIds,
        CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, Stored>(ticketIds.Count, StringComparer.Ordinal);
        if (_partitions.TryGetValue(eventId, out var partition))
        {
            lock (partition.Gate)
            {
                foreach (var id in ticketIds)
                {
                    if (partition.Tickets.TryGetValue(id, out var stored))
                    {
                        result[id] = stored;
                    }
                }
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, Stored>>(result);
    }

    protected override Task<string?> TryReplaceAsync(Ticket updated, string ifMatch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_partitions.TryGetValue(updated.EventId, out var partition))
        {
            return Task.FromResult<string?>(null);
        }

        lock (partition.Gate)
        {
            if (!partition.Tickets.TryGetValue(updated.TicketId, out var current) || current.ETag != ifMatch)
            {
                return Task.FromResult<string?>(null);
            }

            var etag = NewETag();
            partition.Tickets[updated.TicketId] = new Stored(updated, etag);
            return Task.FromResult<string?>(etag);
        }
    }

    protected override Task CreateAsync(string eventId, IReadOnlyList<Ticket> tickets, CancellationToken cancellationToken)
    {
        var partition = _partitions.GetOrAdd(eventId, _ => new Partition());
        lock (partition.Gate)
        {
            foreach (var ticket in tickets)
            {
                partition.Tickets.TryAdd(ticket.TicketId, new Stored(ticket, NewETag()));
            }
        }

        return Task.CompletedTask;
    }

    protected override Task<IReadOnlyList<Ticket>> QueryAsync(string eventId, string? section, CancellationToken cancellationToken)
    {
        if (!_partitions.TryGetValue(eventId, out var partition))
        {
            return Task.FromResult<IReadOnlyList<Ticket>>([]);
        }

        lock (partition.Gate)
        {
            return Task.FromResult<IReadOnlyList<Ticket>>(partition.Tickets.Values
                .Select(s => s.Ticket)
                .Where(t => section is null || t.Section == section)
                .ToArray());
        }
    }

    private string NewETag() => $"\"{Interlocked.Increment(ref _etagSequence):x}\"";
}
