using TicketBooking.Storage;

namespace TicketBooking.Booking;

/// <summary>The embedded reservation store: per-user partitions in memory, with the same ETag semantics as Cosmos.</summary>
public sealed class InMemoryReservationStore : IReservationStore
{
    private readonly InMemoryPartitionedMap<Reservation> _reservations = new();

    public Task<string?> CreateAsync(Reservation reservation, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_reservations.Create(reservation.UserId, reservation.Id, reservation));
    }

    public Task<StoredReservation?> GetAsync(string userId, string reservationId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_reservations.Get(userId, reservationId) is { } stored ? new StoredReservation(stored.Value, stored.ETag) : null);
    }

    public Task<string?> TryReplaceAsync(Reservation reservation, string ifMatch, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_reservations.TryReplace(reservation.UserId, reservation.Id, reservation, ifMatch));
    }

    public Task<ReservationPage> ListAsync(string userId, int pageSize, string? after = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var page = _reservations.List(userId)
            .Select(r => (Key: ReservationOrder.SortKeyOf(r), Reservation: r))
            .Where(x => after is null || string.CompareOrdinal(x.Key, after) < 0)
            .OrderByDescending(x => x.Key, StringComparer.Ordinal)
            .Take(pageSize + 1)
            .Select(x => x.Reservation)
            .ToArray();
        var items = page.Take(pageSize).ToArray();
        return Task.FromResult(new ReservationPage(items, page.Length > pageSize ? ReservationOrder.SortKeyOf(items[^1]) : null));
    }

    public Task<IReadOnlyList<Reservation>> ListForEventAsync(string userId, string eventId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_reservations.List(userId, r => r.EventId == eventId));
    }

    public Task<IReadOnlyList<Reservation>> ListOpenHoldsAsync(DateTimeOffset endingBefore, int max, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<Reservation>>(_reservations
            .ListAll(r => r.Status == ReservationStatus.Held && r.Payment.Attempt == 0 && r.ExpiresAt < endingBefore).Take(max).ToArray());
    }
}
