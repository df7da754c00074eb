using System.Collections.Concurrent;

namespace TicketBooking.Inventory;

/// <summary>
/// The inventory's rules, written once over two storage primitives: read tickets with their ETags, and
/// replace one ticket if its ETag still matches. The Cosmos and in-memory stores supply the primitives.
/// Writes start from the copy this process last read or wrote (with its ETag) and read the ticket only when there is
/// none, when the conditional replace answers that it changed (412), or when the copy in hand would refuse or change
/// nothing: a copy from memory may be stale, so only a fresh read may say no.
/// </summary>
public abstract class ConditionalTicketInventory(ITicketChangeObserver observer, TimeProvider time) : ITicketInventory
{
    private const int MaxAttemptsPerTicket = 3;

    /// <summary>
    /// How many tickets' last copies are kept (about 180 bytes each beside the ticket the board shares: some 45 MB, the
    /// seats of the busiest events); past this the memory starts again empty, and writes read first until it fills.
    /// </summary>
    private const int MaxKnownTickets = 250_000;

    private readonly ConcurrentDictionary<(string EventId, string TicketId), Stored> _known = new();
    private int _knownCount;

    /// <summary>A ticket together with the ETag of the stored version it was read from.</summary>
    protected readonly record struct Stored(Ticket Ticket, string ETag);

    /// <summary>A copy to start a write from: <paramref name="Fresh"/> when just read from the store, not from memory.</summary>
    private readonly record struct Copy(Stored Stored, bool Fresh);

    protected TimeProvider Time => time;

    protected abstract Task<IReadOnlyDictionary<string, Stored>> ReadAsync(string eventId, IReadOnlyCollection<string> ticketIds,
        CancellationToken cancellationToken);

    /// <summary>Replaces the ticket if the stored ETag is still <paramref name="ifMatch"/>; returns the new ETag, or null on a mismatch.</summary>
    protected abstract Task<string?> TryReplaceAsync(Ticket updated, string ifMatch, CancellationToken cancellationToken);

    protected abstract Task CreateAsync(string eventId, IReadOnlyList<Ticket> tickets, CancellationToken cancellationToken);

    protected abstract Task<IReadOnlyList<Ticket>> QueryAsync(string eventId, string? section, CancellationToken cancellationToken);

    public async Task AddTicketsAsync(string eventId, IReadOnlyList<Ticket> tickets, CancellationToken cancellationToken = default)
    {
        if (tickets.Any(t => t.EventId != eventId))
        {
            throw new ArgumentException("Every ticket must belong to the event.", nameof(tickets));
        }

        await CreateAsync(eventId, tickets, cancellationToken);
        observer.OnTicketsChanged(eventId, tickets);
    }

    public Task<IReadOnlyList<Ticket>> GetTicketsAsync(string eventId, string? section = null, CancellationToken cancellationToken = default) =>
        QueryAsync(eventId, section, cancellationToken);

    public async Task<Ticket?> GetTicketAsync(string eventId, string ticketId, CancellationToken cancellationToken = default) =>
        (await ReadAsync(eventId, [ticketId], cancellationToken)).TryGetValue(ticketId, out var stored) ? stored.Ticket : null;

    public async Task<HoldResult> HoldAsync(string eventId, string reservationId, IReadOnlyCollection<string> ticketIds, DateTimeOffset until,
        CancellationToken cancellationToken = default)
    {
        var ids = ticketIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var current = await CurrentAsync(eventId, ids, t => t.IsClaimableBy(reservationId, time.GetUtcNow()), cancellationToken);
        var unknown = ids.Where(id => !current.ContainsKey(id)).ToArray();
        if (unknown.Length > 0)
        {
            return new HoldResult(false, [], [], unknown);
        }

        var now = time.GetUtcNow();
        var unavailable = ids.Where(id => !current[id].Stored.Ticket.IsClaimableBy(reservationId, now)).ToArray();
        if (unavailable.Length > 0)
        {
            TicketBookingMetrics.RecordConflict(eventId, "hold");
            return new HoldResult(false, [], unavailable, []);
        }

        var attempts = await Task.WhenAll(ids.Select(id => TransitionAsync(current[id],
            t => t.IsClaimableBy(reservationId, time.GetUtcNow()) ? t.HeldBy(reservationId, until) : null, cancellationToken)));

        var taken = attempts.Where(a => a.Written is not null).Select(a => a.Written!.Value).ToArray();
        if (taken.Length == ids.Length)
        {
            var held = taken.Select(s => s.Ticket).ToArray();
            observer.OnTicketsChanged(eventId, held);
            return HoldResult.Held(held);
        }

        // All or nothing: give back what this attempt took before the caller hears "unavailable".
        var released = await Task.WhenAll(taken.Select(s => TransitionAsync(new Copy(s, Fresh: true),
            t => t.Status == TicketStatus.Held && t.ReservationId == reservationId ? t.Released() : null, CancellationToken.None)));
        observer.OnTicketsChanged(eventId, released.Where(r => r.Written is not null).Select(r => r.Written!.Value.Ticket).ToArray());
        TicketBookingMetrics.RecordConflict(eventId, "hold");
        return new HoldResult(false, [], attempts.Where(a => a.Written is null).Select(a => a.TicketId).ToArray(), []);
    }

    public Task<int> ReleaseAsync(string eventId, string reservationId, IReadOnlyCollection<string> ticketIds,
        CancellationToken cancellationToken = default) =>
        MakeAvailableAsync(eventId, ticketIds, t => IsHeldBy(t, reservationId), cancellationToken);

    public Task<int> ReturnBookedAsync(string eventId, string reservationId, IReadOnlyCollection<string> ticketIds,
        CancellationToken cancellationToken = default) =>
        MakeAvailableAsync(eventId, ticketIds, t => IsBookedBy(t, reservationId), cancellationToken);

    /// <summary>Makes available those of <paramref name="ticketIds"/> that are <paramref name="ours"/> when written: the number changed.</summary>
    private async Task<int> MakeAvailableAsync(string eventId, IReadOnlyCollection<string> ticketIds, Func<Ticket, bool> ours,
        CancellationToken cancellationToken)
    {
        var current = await CurrentAsync(eventId, ticketIds.Distinct(StringComparer.Ordinal).ToArray(), ours, cancellationToken);
        var results = await Task.WhenAll(current.Values
            .Where(c => ours(c.Stored.Ticket))
            .Select(c => TransitionAsync(c, t => ours(t) ? t.Released() : null, cancellationToken)));
        var changed = results.Where(r => r.Written is not null).Select(r => r.Written!.Value.Ticket).ToArray();
        observer.OnTicketsChanged(eventId, changed);
        return changed.Length;
    }

    public async Task<BookResult> BookAsync(string eventId, string reservationId, IReadOnlyCollection<string> ticketIds,
        CancellationToken cancellationToken = default)
    {
        var ids = ticketIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var current = await CurrentAsync(eventId, ids, t => IsHeldBy(t, reservationId), cancellationToken);
        var notHeld = ids.Where(id => !current.TryGetValue(id, out var c) || !IsHeldOrBookedBy(c.Stored.Ticket, reservationId)).ToArray();
        if (notHeld.Length > 0)
        {
            TicketBookingMetrics.RecordConflict(eventId, "book");
            return new BookResult(false, [], notHeld);
        }

        var attempts = await Task.WhenAll(ids.Select(id => TransitionAsync(current[id],
            t => IsHeldBy(t, reservationId) ? t.BookedBy(reservationId) : IsBookedBy(t, reservationId) ? t : null, cancellationToken)));
        var written = attempts.Where(a => a.Written is not null).Select(a => a.Written!.Value).ToArray();
        if (written.Length == ids.Length)
        {
            var booked = written.Select(s => s.Ticket).ToArray();
            observer.OnTicketsChanged(eventId, booked);
            return new BookResult(true, booked, []);
        }

        // Someone else took a seat whose hold had lapsed: undo to "held by us" so the caller can refund and release.
        var holdUntil = current.Values.Max(c => c.Stored.Ticket.HeldUntil) ?? time.GetUtcNow();
        var undone = await Task.WhenAll(written.Where(s => s.Ticket.Version != current[s.Ticket.TicketId].Stored.Ticket.Version).Select(s =>
            TransitionAsync(new Copy(s, Fresh: true), t => IsBookedBy(t, reservationId) ? t.HeldBy(reservationId, holdUntil) : null, CancellationToken.None)));
        observer.OnTicketsChanged(eventId, undone.Where(r => r.Written is not null).Select(r => r.Written!.Value.Ticket).ToArray());
        TicketBookingMetrics.RecordConflict(eventId, "book");
        return new BookResult(false, [], attempts.Where(a => a.Written is null).Select(a => a.TicketId).ToArray());
    }

    private static bool IsHeldBy(Ticket t, string reservationId) => t.Status == TicketStatus.Held && t.ReservationId == reservationId;

    private static bool IsBookedBy(Ticket t, string reservationId) => t.Status == TicketStatus.Booked && t.ReservationId == reservationId;

    private static bool IsHeldOrBookedBy(Ticket t, string reservationId) => IsHeldBy(t, reservationId) || IsBookedBy(t, reservationId);

    private readonly record struct Attempt(string TicketId, Stored? Written);

    /// <summary>
    /// The tickets' copies to start from: the last one this process read or wrote where it has one, else read now. A copy
    /// from memory that fails <paramref name="wanted"/> is read again, since only the store may say no.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, Copy>> CurrentAsync(string eventId, IReadOnlyCollection<string> ticketIds, Func<Ticket, bool> wanted,
        CancellationToken cancellationToken)
    {
        var copies = new Dictionary<string, Copy>(StringComparer.Ordinal);
        var toRead = new List<string>();
        foreach (var id in ticketIds)
        {
            if (_known.TryGetValue((eventId, id), out var known) && wanted(known.Ticket))
            {
                copies[id] = new Copy(known, Fresh: false);
            }
            else
            {
                toRead.Add(id);
            }
        }

        if (toRead.Count > 0)
        {
            foreach (var (id, stored) in await ReadAsync(eventId, toRead, cancellationToken))
            {
                Remember(stored);
                copies[id] = new Copy(stored, Fresh: true);
            }
        }

        return copies;
    }

    /// <summary>Keeps <paramref name="stored"/> as the ticket's last known copy unless a later version is already known.</summary>
    protected void Remember(Stored stored)
    {
        var key = (stored.Ticket.EventId, stored.Ticket.TicketId);
        if (_known.TryAdd(key, stored))
        {
            // Counted here rather than with ConcurrentDictionary.Count, which takes every lock of the dictionary.
            if (Interlocked.Increment(ref _knownCount) > MaxKnownTickets)
            {
                Interlocked.Exchange(ref _knownCount, 0);
                _known.Clear();
            }

            return;
        }

        _known.AddOrUpdate(key, stored, (_, known) => known.Ticket.Version > stored.Ticket.Version ? known : stored);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to one ticket with a conditional replace on the ETag in hand. On an ETag mismatch
    /// the ticket is read and the change re-decided on the fresh copy; <paramref name="change"/> returns null to give up,
    /// or the same instance when the ticket is already as wanted, which counts only on a fresh copy.
    /// </summary>
    private async Task<Attempt> TransitionAsync(Copy from, Func<Ticket, Ticket?> change, CancellationToken cancellationToken)
    {
        var (stored, fresh) = from;
        var ticketId = stored.Ticket.TicketId;
        for (var attempt = 0; attempt < MaxAttemptsPerTicket; attempt++)
        {
            var next = change(stored.Ticket);
            if ((next is null || ReferenceEquals(next, stored.Ticket)) && !fresh)
            {
                // Memory says there is nothing to do; the store decides.
                if (!await TryReadAsync())
                {
                    return new Attempt(ticketId, null);
                }

                attempt--;
                continue;
            }

            if (next is null)
            {
                return new Attempt(ticketId, null);
            }

            if (ReferenceEquals(next, stored.Ticket))
            {
                return new Attempt(ticketId, stored);
            }

            var etag = await TryReplaceAsync(next, stored.ETag, cancellationToken);
            if (etag is not null)
            {
                var written = new Stored(next, etag);
                Remember(written);
                return new Attempt(ticketId, written);
            }

            if (!await TryReadAsync())
            {
                return new Attempt(ticketId, null);
            }
        }

        return new Attempt(ticketId, null);

        async Task<bool> TryReadAsync()
        {
            var read = await ReadAsync(stored.Ticket.EventId, [ticketId], cancellationToken);
            if (!read.TryGetValue(ticketId, out var current))
            {
                if (_known.TryRemove((stored.Ticket.EventId, ticketId), out _))
                {
                    Interlocked.Decrement(ref _knownCount);
                }

                return false;
            }

            Remember(current);
            (stored, fresh) = (current, true);
            return true;
        }
    }
}
