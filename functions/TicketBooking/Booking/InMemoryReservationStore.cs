using System.Collections.Concurrent;

namespace TicketBooking.Booking;

/// <summary>The embedded reservation store: per-user partitions in memory, with the same ETag semantics as Cosmos.</summary>
public sealed class InMemoryReservationStore : IReservationStore
{
    private readonly ConcurrentDictionary<string, Partition> _users = new(StringComparer.Ordinal);
    private long _etagSequence;

    private sealed class Partition
    {
        public readonly Lock Gate = new();
        public readonly Dictionary<string, StoredReservation> Items = new(StringComparer.Ordinal);
    }

    public Task<bool> CreateAsync(Reservation reservation, CancellationToken cancellationToken = default)
    {
        var partition = _users.GetOrAdd(reservation.UserId, _ => new Partition());
        lock (partition.Gate)
        {
            return Task.FromResult(partition.Items.TryAdd(reservation.Id, new StoredReservation(reservation, NewETag())));
        }
    }

    public Task<StoredReservation?> GetAsync(string userId, string reservationId, CancellationToken cancellationToken = default)
    {
        if (!_users.TryGetValue(userId, out var partition))
        {
            return Task.FromResult<StoredReservation?>(null);
        }

        lock (partition.Gate)
        {
            return Task.FromResult(partition.Items.GetValueOrDefault(reservationId));
        }
    }

    public Task<string?> TryReplaceAsync(Reservation reservation, string ifMatch, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_users.TryGetValue(reservation.UserId, out var partition))
        {
            return Task.FromResult<string?>(null);
        }

        lock (partition.Gate)
        {
            if (!partition.Items.TryGetValue(reservation.Id, out var current) || current.ETag != ifMatch)
            {
                return Task.FromResult<string?>(null);
            }

            var etag = NewETag();
            partition.Items[reservation.Id] = new StoredReservation(reservation, etag);
            return Task.FromResult<string?>(etag);
        }
    }

    public Task<ReservationPage> ListAsync(string userId, int pageSize, string? after = null, CancellationToken cancellationToken = default)
    {
        if (!_users.TryGetValue(userId, out var partition))
        {
            return Task.FromResult(new ReservationPage([], null));
        }

        Reservation[] page;
        lock (partition.Gate)
        {
            page = partition.Items.Values
                .Select(s => (Key: ReservationOrder.SortKeyOf(s.Reservation), s.Reservation))
                .Where(x => after is null || string.CompareOrdinal(x.Key, after) < 0)
                .OrderByDescending(x => x.Key, StringComparer.Ordinal)
                .Take(pageSize + 1)
                .Select(x => x.Reservation)
                .ToArray();
        }

        var items = page.Take(pageSize).ToArray();
        return Task.FromResult(new ReservationPage(items, page.Length > pageSize ? ReservationOrder.SortKeyOf(items[^1]) : null));
    }

    public Task<IReadOnlyList<Reservation>> ListForEventAsync(string userId, string eventId, CancellationToken cancellationToken = default)
    {
        if (!_users.TryGetValue(userId, out var partition))
        {
            return Task.FromResult<IReadOnlyList<Reservation>>([]);
        }

        lock (partition.Gate)
        {
            return Task.FromResult<IReadOnlyList<Reservation>>(partition.Items.Values
                .Select(s => s.Reservation).Where(r => r.EventId == eventId).ToArray());
        }
    }

    private string NewETag() => $"\"{Interlocked.Increment(ref _etagSequence):x}\"";
}
