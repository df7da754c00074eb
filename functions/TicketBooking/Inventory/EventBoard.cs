namespace TicketBooking.Inventory;

/// <summary>
/// One event's availability, kept current change by change. Tickets sit in per-section arrays in seat order, each
/// section carries its counts, and every change adjusts the counts of its own section only: a view reads counts in
/// O(sections) and a section listing is copied at most once per change of that section. Holds lapse by time (lazy
/// expiry): the time of every live hold waits in a queue, and the first read after it passes moves that ticket from
/// held to available, exactly as if a release had arrived. Changes carry the ticket's version, so a late or repeated
/// change never overwrites a newer one, including changes that arrive while the event is still loading.
/// </summary>
public sealed class EventBoard
{
    private readonly TimeProvider _time;
    private readonly Action<long> _charge;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly Dictionary<string, Slot> _index = new(StringComparer.Ordinal);
    private readonly List<SectionState> _sections = [];
    private readonly PriorityQueue<Lapse, DateTimeOffset> _lapses = new();
    private Dictionary<string, Ticket>? _early = new(StringComparer.Ordinal);
    private volatile Dictionary<string, SectionState> _byName = new(StringComparer.OrdinalIgnoreCase);
    private volatile AvailabilitySnapshot? _snapshot;
    private volatile bool _loaded;
    private DateTimeOffset _countedAt = DateTimeOffset.MinValue;
    private long _nextLapseTicks = long.MaxValue;
    private long _stamp;
    private long _lastUsed;
    private long _overAtTicks = long.MaxValue;
    private long _charged;
    private bool _evicted;
    private ISeatWatcher? _watcher;

    internal EventBoard(string eventId, TimeProvider time, Action<long> charge)
    {
        EventId = eventId;
        _time = time;
        _charge = charge;
    }

    public string EventId { get; }

    /// <summary>How many seats this board holds.</summary>
    public int Seats
    {
        get
        {
            lock (_gate)
            {
                return _index.Count;
            }
        }
    }

    internal bool IsLoaded => _loaded;

    /// <summary>Whether the availability board dropped this board: it no longer learns of changes.</summary>
    public bool IsEvicted
    {
        get
        {
            lock (_gate)
            {
                return _evicted;
            }
        }
    }

    /// <summary>When the earliest live hold lapses by time, as last counted; null when none is held.</summary>
    public DateTimeOffset? NextLapse =>
        Volatile.Read(ref _nextLapseTicks) is var ticks && ticks == long.MaxValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);

    /// <summary>
    /// Sets the one watcher told of every seat whose status changes from now on (the live stream of this event), or
    /// removes it when <paramref name="watcher"/> is null and <paramref name="current"/> is the one set.
    /// </summary>
    public void Watch(ISeatWatcher? watcher, ISeatWatcher? current = null)
    {
        lock (_gate)
        {
            if (watcher is not null || _watcher == current)
            {
                _watcher = watcher;
            }
        }
    }

    internal long LastUsed => Volatile.Read(ref _lastUsed);

    internal void Touch(long tick, DateTimeOffset? overAt)
    {
        Volatile.Write(ref _lastUsed, tick);
        if (overAt is { } over)
        {
            Volatile.Write(ref _overAtTicks, over.UtcTicks);
        }
    }

    /// <summary>Whether the event no longer sells (it has started, or it was cancelled) at <paramref name="now"/>.</summary>
    internal bool IsOverAt(DateTimeOffset now) => Volatile.Read(ref _overAtTicks) <= now.UtcTicks;

    internal async Task EnsureLoadedAsync(Func<CancellationToken, Task<IReadOnlyList<Ticket>>> load, CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_loaded)
            {
                return;
            }

            var tickets = await load(cancellationToken);
            lock (_gate)
            {
                var merged = new Dictionary<string, Ticket>(tickets.Count, StringComparer.Ordinal);
                KeepNewest(merged, tickets);
                KeepNewest(merged, _early!.Values);
                _early = null;
                AdvanceLocked(_time.GetUtcNow());
                InsertLocked(merged.Values);
                UpdateNextLapseLocked();
                _loaded = true;
            }
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Drops the board's share of the memory budget; the board keeps answering whoever still holds it.</summary>
    internal void Evict()
    {
        lock (_gate)
        {
            if (_evicted)
            {
                return;
            }

            _evicted = true;
            _charge(-_charged);
            _charged = 0;
        }
    }

    internal void Apply(IReadOnlyList<Ticket> tickets)
    {
        lock (_gate)
        {
            if (!_loaded)
            {
                // Loading: keep the newest of each until the load merges them with what it read.
                KeepNewest(_early!, tickets);
                return;
            }

            AdvanceLocked(_time.GetUtcNow());
            Dictionary<string, Ticket>? newcomers = null;
            foreach (var ticket in tickets)
            {
                if (!_index.TryGetValue(ticket.TicketId, out var slot))
                {
                    KeepNewest(newcomers ??= new Dictionary<string, Ticket>(StringComparer.Ordinal), [ticket]);
                    continue;
                }

                var section = slot.Section;
                var known = section.Tickets[slot.Position];
                if (known.Version >= ticket.Version)
                {
                    continue;
                }

                CountLocked(section, known, -1);
                section.Tickets[slot.Position] = ticket;
                CountLocked(section, ticket, +1);
                TrackLapseLocked(ticket);
                ChangedLocked(section);
                _watcher?.OnSeatChanged(ticket.TicketId, section.Name, ticket.StatusAt(_countedAt));
            }

            if (newcomers is not null)
            {
                InsertLocked(newcomers.Values);
                foreach (var ticket in newcomers.Values)
                {
                    _watcher?.OnSeatChanged(ticket.TicketId, _byName[ticket.Section].Name, ticket.StatusAt(_countedAt));
                }
            }

            UpdateNextLapseLocked();
        }
    }

    /// <summary>Counts per section; the same instance until a ticket changes or the earliest hold lapses.</summary>
    public AvailabilitySnapshot Snapshot()
    {
        var now = _time.GetUtcNow();
        var current = _snapshot;
        if (current is not null && current.Stamp == Volatile.Read(ref _stamp) && now.UtcTicks < Volatile.Read(ref _nextLapseTicks))
        {
            return current;
        }

        lock (_gate)
        {
            AdvanceLocked(now);
            UpdateNextLapseLocked();
            var validUntil = _nextLapseTicks == long.MaxValue ? DateTimeOffset.MaxValue : new DateTimeOffset(_nextLapseTicks, TimeSpan.Zero);
            if (_snapshot is { } same && same.Stamp == _stamp && same.ValidUntil == validUntil)
            {
                return same;
            }

            var sections = new SectionAvailability[_sections.Count];
            for (var i = 0; i < sections.Length; i++)
            {
                var s = _sections[i];
                sections[i] = new SectionAvailability(s.Name, s.Tickets.Length, s.Available, s.Held, s.Booked);
            }

            return _snapshot = new AvailabilitySnapshot(sections, _stamp, validUntil);
        }
    }

    /// <summary>
    /// The tickets of one section (name matched ignoring case) in seat order; the same instance until the section
    /// changes or one of its holds lapses. An unknown section has no tickets.
    /// </summary>
    public SectionTickets Section(string section)
    {
        var now = _time.GetUtcNow();
        if (!_byName.TryGetValue(section, out var state))
        {
            return new SectionTickets(section, [], 0, 0, 0, 0, now);
        }

        if (now.UtcTicks < Volatile.Read(ref _nextLapseTicks) && Volatile.Read(ref state.Listing) is { } listing)
        {
            return listing;
        }

        lock (_gate)
        {
            AdvanceLocked(now);
            UpdateNextLapseLocked();
            return state.Listing ??= new SectionTickets(state.Name, (Ticket[])state.Tickets.Clone(), state.Available, state.Held, state.Booked,
                state.Stamp, _countedAt);
        }
    }

    private static void KeepNewest(Dictionary<string, Ticket> into, IEnumerable<Ticket> tickets)
    {
        foreach (var ticket in tickets)
        {
            if (!into.TryGetValue(ticket.TicketId, out var known) || known.Version < ticket.Version)
            {
                into[ticket.TicketId] = ticket;
            }
        }
    }

    /// <summary>Adds tickets the board has not seen (the first load, or seats added later), re-sorting their sections.</summary>
    private void InsertLocked(IEnumerable<Ticket> tickets)
    {
        var added = 0;
        var map = _byName;
        foreach (var group in tickets.GroupBy(t => t.Section, StringComparer.OrdinalIgnoreCase))
        {
            if (!map.TryGetValue(group.Key, out var section))
            {
                section = new SectionState(group.Key);
                _sections.Add(section);
                map = new Dictionary<string, SectionState>(map, StringComparer.OrdinalIgnoreCase) { [group.Key] = section };
            }

            var before = section.Tickets.Length;
            section.Tickets = [.. section.Tickets.Concat(group).OrderBy(t => t.Row).ThenBy(t => t.Seat).ThenBy(t => t.TicketId, StringComparer.Ordinal)];
            added += section.Tickets.Length - before;
            section.Available = section.Held = section.Booked = 0;
            for (var i = 0; i < section.Tickets.Length; i++)
            {
                var ticket = section.Tickets[i];
                _index[ticket.TicketId] = new Slot(section, i);
                CountLocked(section, ticket, +1);
            }

            foreach (var ticket in group)
            {
                TrackLapseLocked(ticket);
            }

            ChangedLocked(section);
        }

        _byName = map;
        if (!_evicted)
        {
            _charged += added;
            _charge(added);
        }
    }

    /// <summary>Moves the board's clock to <paramref name="now"/>: every hold that has lapsed by then counts as available.</summary>
    private void AdvanceLocked(DateTimeOffset now)
    {
        if (now <= _countedAt)
        {
            return;
        }

        while (_lapses.TryPeek(out var lapse, out var until) && until <= now)
        {
            _lapses.Dequeue();
            if (Current(lapse) is { } slot)
            {
                slot.Section.Held--;
                slot.Section.Available++;
                ChangedLocked(slot.Section);
                _watcher?.OnSeatChanged(lapse.TicketId, slot.Section.Name, TicketStatus.Available);
            }
        }

        _countedAt = now;
    }

    private void UpdateNextLapseLocked()
    {
        // Lapses of tickets that have changed since are dropped here rather than waking a reader for nothing.
        while (_lapses.TryPeek(out var lapse, out _) && Current(lapse) is null)
        {
            _lapses.Dequeue();
        }

        if (_lapses.Count > 2 * _index.Count + 1024)
        {
            _lapses.Clear();
            foreach (var section in _sections)
            {
                foreach (var ticket in section.Tickets)
                {
                    TrackLapseLocked(ticket);
                }
            }
        }

        Volatile.Write(ref _nextLapseTicks, _lapses.TryPeek(out _, out var next) ? next.UtcTicks : long.MaxValue);
    }

    /// <summary>The slot of the ticket a lapse was queued for, if that ticket is still held in that version.</summary>
    private Slot? Current(Lapse lapse) =>
        _index.TryGetValue(lapse.TicketId, out var slot) && slot.Section.Tickets[slot.Position] is { } ticket
        && ticket.Version == lapse.Version && ticket.Status == TicketStatus.Held
            ? slot
            : null;

    private void TrackLapseLocked(Ticket ticket)
    {
        if (ticket is { Status: TicketStatus.Held, HeldUntil: { } until } && until > _countedAt)
        {
            _lapses.Enqueue(new Lapse(ticket.TicketId, ticket.Version), until);
        }
    }

    /// <summary>Adds (or with -1 removes) a ticket's status as of the board's clock to its section's counts.</summary>
    private void CountLocked(SectionState section, Ticket ticket, int sign)
    {
        switch (ticket.StatusAt(_countedAt))
        {
            case TicketStatus.Available:
                section.Available += sign;
                break;
            case TicketStatus.Held:
                section.Held += sign;
                break;
            default:
                section.Booked += sign;
                break;
        }
    }

    private void ChangedLocked(SectionState section)
    {
        section.Stamp++;
        Volatile.Write(ref section.Listing, null);
        Volatile.Write(ref _stamp, _stamp + 1);
    }

    private sealed class SectionState(string name)
    {
        public readonly string Name = name;
        public Ticket[] Tickets = [];
        public int Available;
        public int Held;
        public int Booked;
        public long Stamp;
        public SectionTickets? Listing;
    }

    private readonly record struct Slot(SectionState Section, int Position);

    private readonly record struct Lapse(string TicketId, long Version);
}
