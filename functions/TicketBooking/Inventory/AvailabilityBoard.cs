using System.Collections.Concurrent;

namespace TicketBooking.Inventory;

/// <summary>Live counts of one section.</summary>
public sealed record SectionAvailability(string Section, int Capacity, int Available, int Held, int Booked);

/// <summary>The availability of one event at one moment, with the time until which it stays true.</summary>
public sealed record AvailabilitySnapshot(IReadOnlyList<SectionAvailability> Sections, long Stamp, DateTimeOffset ValidUntil)
{
    public int Available => Sections.Sum(s => s.Available);
}

/// <summary>
/// The per-event availability snapshot that views are served from. It is loaded once per event from the
/// inventory and then kept current by every ticket write (<see cref="ITicketChangeObserver"/>), and in Azure
/// also by the Cosmos change feed, so a view never reads the ticket documents. Changes carry the ticket's
/// version, so a late or repeated change never overwrites a newer one.
/// </summary>
public sealed class AvailabilityBoard(TimeProvider time) : ITicketChangeObserver
{
    private readonly ConcurrentDictionary<string, EventBoard> _events = new(StringComparer.Ordinal);

    public void OnTicketsChanged(string eventId, IReadOnlyList<Ticket> tickets)
    {
        if (tickets.Count > 0 && _events.TryGetValue(eventId, out var board))
        {
            board.Apply(tickets);
        }
    }

    /// <summary>The event's board, loading it with <paramref name="load"/> the first time.</summary>
    public async Task<EventBoard> GetAsync(string eventId, Func<CancellationToken, Task<IReadOnlyList<Ticket>>> load, CancellationToken cancellationToken)
    {
        var board = _events.GetOrAdd(eventId, _ => new EventBoard(time));
        await board.EnsureLoadedAsync(load, cancellationToken);
        return board;
    }

    /// <summary>Drops an event's board (it is loaded again on the next view).</summary>
    public void Forget(string eventId) => _events.TryRemove(eventId, out _);
}

public sealed class EventBoard(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Ticket> _tickets = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile bool _loaded;
    private long _stamp;
    private AvailabilitySnapshot? _snapshot;
    private readonly Dictionary<string, Ticket[]> _sectionCache = new(StringComparer.OrdinalIgnoreCase);
    private long _sectionCacheStamp = -1;

    internal async Task EnsureLoadedAsync(Func<CancellationToken, Task<IReadOnlyList<Ticket>>> load, CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (!_loaded)
            {
                Apply(await load(cancellationToken));
                _loaded = true;
            }
        }
        finally
        {
            _loading.Release();
        }
    }

    internal void Apply(IReadOnlyList<Ticket> tickets)
    {
        lock (_gate)
        {
            foreach (var ticket in tickets)
            {
                if (!_tickets.TryGetValue(ticket.TicketId, out var known) || known.Version < ticket.Version)
                {
                    _tickets[ticket.TicketId] = ticket;
                    _stamp++;
                }
            }
        }
    }

    /// <summary>Counts per section; cached until a ticket changes or the earliest hold lapses.</summary>
    public AvailabilitySnapshot Snapshot()
    {
        var now = time.GetUtcNow();
        var current = _snapshot;
        if (current is not null && current.Stamp == Volatile.Read(ref _stamp) && now < current.ValidUntil)
        {
            return current;
        }

        lock (_gate)
        {
            var sections = new Dictionary<string, int[]>(StringComparer.Ordinal);
            var order = new List<string>();
            var validUntil = DateTimeOffset.MaxValue;
            foreach (var ticket in _tickets.Values)
            {
                if (!sections.TryGetValue(ticket.Section, out var counts))
                {
                    sections[ticket.Section] = counts = new int[3];
                    order.Add(ticket.Section);
                }

                counts[(int)ticket.StatusAt(now)]++;
                if (ticket.Status == TicketStatus.Held && ticket.HeldUntil > now && ticket.HeldUntil < validUntil)
                {
                    validUntil = ticket.HeldUntil.Value;
                }
            }

            var list = order.Select(s => new SectionAvailability(s, sections[s].Sum(), sections[s][0], sections[s][1], sections[s][2])).ToArray();
            return _snapshot = new AvailabilitySnapshot(list, _stamp, validUntil);
        }
    }

    /// <summary>The tickets of one section in seat order, as of now (expired holds read as available).</summary>
    public IReadOnlyList<Ticket> Section(string section)
    {
        lock (_gate)
        {
            if (_sectionCacheStamp != _stamp)
            {
                _sectionCache.Clear();
                _sectionCacheStamp = _stamp;
            }

            if (!_sectionCache.TryGetValue(section, out var tickets))
            {
                tickets = _tickets.Values
                    .Where(t => string.Equals(t.Section, section, StringComparison.OrdinalIgnoreCase))
                    .OrderBy(t => t.Row).ThenBy(t => t.Seat)
                    .ToArray();
                _sectionCache[section] = tickets;
            }

            return tickets;
        }
    }
}
