using System.Collections.Concurrent;

namespace TicketBooking.Booking;

/// <summary>
/// What this instance last learned of each user's active reservations for an event (from the per-user limit query after
/// a reserve), so a reserve that would clearly go over the limit is checked against the store before any seat is held,
/// while every other reserve skips that check. It is only a hint: it never refuses by itself (only a fresh query may),
/// it may be old (a reservation cancelled or booked elsewhere), and it does not know other instances' reserves.
/// </summary>
public sealed class RecentTicketCounts
{
    /// <summary>Most (user, event) pairs remembered; beyond that it starts again empty.</summary>
    public const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<(string UserId, string EventId), (int Tickets, DateTimeOffset Until)[]> _known = new();

    /// <summary>Remembers the reservations that count against the user's limit for the event, as a query just found them.</summary>
    public void Remember(string userId, string eventId, IEnumerable<Reservation> active)
    {
        if (_known.Count >= MaxEntries)
        {
            _known.Clear();
        }

        _known[(userId, eventId)] = active
            .Select(r => (r.Tickets.Count, r.Status == ReservationStatus.Held ? r.ExpiresAt : DateTimeOffset.MaxValue))
            .ToArray();
    }

    /// <summary>The tickets the user was last seen to hold or have booked for the event that still count at <paramref name="now"/> (0 when unknown).</summary>
    public int TicketsAt(string userId, string eventId, DateTimeOffset now) =>
        _known.TryGetValue((userId, eventId), out var known) ? known.Where(k => k.Until > now).Sum(k => k.Tickets) : 0;
}
