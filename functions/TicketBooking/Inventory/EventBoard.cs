using System.Diagnostics;

namespace TicketBooking.Inventory;

/// <summary>
/// One event's availability, kept current change by change. Tickets sit in per-section arrays in seat order, each
/// section carries its counts, and every change adjusts the counts of its own section only: a view reads counts in
/// O(sections) and a section listing is copied at most once per change of that section. Holds lapse by time (lazy
/// expiry): the time of every live hold waits in a queue, and the first read after it passes moves that ticket from
/// held to available, exactly as if a release had arrived. Changes carry the ticket's version, so a late or repeated
/// change never overwrites a newer one, including changes that arrive while the event is still loading.
/// For best available, each section also keeps, per row, how many seats are free and how many of those no buyer on
/// this instance is trying for right now (<see cref="TryClaim"/>), so a picker skips full rows without reading them
/// and concurrent buyers of one instance never go for the same seats (ADR 0013).
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

    /// <summary>How many rows <see cref="FreeRows"/> copies under one hold of the lock.</summary>
    private const int RowBatch = 4;

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

                CountLocked(section, slot.Row, known, -1);
                section.Tickets[slot.Position] = ticket;
                CountLocked(section, slot.Row, ticket, +1);
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

    /// <summary>How many seats of a section (name matched ignoring case) are available now; 0 for an unknown section.</summary>
    public int SeatsLeft(string section)
    {
        if (!_byName.TryGetValue(section, out var state))
        {
            return 0;
        }

        lock (_gate)
        {
            AdvanceLocked(_time.GetUtcNow());
            UpdateNextLapseLocked();
            return state.Available;
        }
    }

    /// <summary>
    /// The rows of a section, front to back, that have at least <paramref name="quantity"/> seats available now (held
    /// seats whose hold has lapsed count), each with its free seats. Unless <paramref name="includeClaimed"/>, seats
    /// claimed by a buyer on this instance do not count as free. Rows are read lazily, a few under each hold of the
    /// board's lock, so a reader that stops after the first rows copies only those; full rows are skipped by their
    /// counts without being read.
    /// </summary>
    public IEnumerable<SeatRow> FreeRows(string section, int quantity, bool includeClaimed = false)
    {
        if (!_byName.TryGetValue(section, out var state))
        {
            yield break;
        }

        var batch = new List<SeatRow>(RowBatch);
        for (var from = 0; from >= 0;)
        {
            batch.Clear();
            from = CopyRows(state, quantity, includeClaimed, from, batch);
            foreach (var row in batch)
            {
                yield return row;
            }
        }
    }

    /// <summary>
    /// Claims seats of a section for one buyer of this instance while it tries to hold them: all of them, if each is
    /// available now and claimed by nobody else; otherwise none. Claimed seats leave <see cref="FreeRows"/> until
    /// <see cref="Unclaim"/>. A claim is advice between buyers of one instance; the inventory's conditional write
    /// still decides who gets a seat.
    /// </summary>
    public bool TryClaim(string section, IReadOnlyList<Ticket> seats)
    {
        if (!_byName.TryGetValue(section, out var state))
        {
            return false;
        }

        lock (_gate)
        {
            AdvanceLocked(_time.GetUtcNow());
            UpdateNextLapseLocked();
            foreach (var seat in seats)
            {
                if (!_index.TryGetValue(seat.TicketId, out var slot) || slot.Section != state || state.IsClaimed(seat.TicketId)
                    || state.Tickets[slot.Position].StatusAt(_countedAt) != TicketStatus.Available)
                {
                    return false;
                }
            }

            foreach (var seat in seats)
            {
                if (state.Claims.Add(seat.TicketId))
                {
                    state.Open[_index[seat.TicketId].Row]--;
                }
            }

            return true;
        }
    }

    /// <summary>Completes when the next claim of the section ends (at once when none is open).</summary>
    public Task ClaimEndedAsync(string section)
    {
        if (!_byName.TryGetValue(section, out var state))
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            return state.Claims.Count == 0
                ? Task.CompletedTask
                : (state.ClaimEnded ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    /// <summary>Ends a claim made with <see cref="TryClaim"/> (whatever became of the seats).</summary>
    public void Unclaim(string section, IReadOnlyList<Ticket> seats)
    {
        if (!_byName.TryGetValue(section, out var state))
        {
            return;
        }

        lock (_gate)
        {
            state.ClaimEnded?.TrySetResult();
            state.ClaimEnded = null;
            foreach (var seat in seats)
            {
                if (state.Claims.Remove(seat.TicketId) && _index.TryGetValue(seat.TicketId, out var slot) && slot.Section == state
                    && state.Tickets[slot.Position].StatusAt(_countedAt) == TicketStatus.Available)
                {
                    state.Open[slot.Row]++;
                }
            }
        }
    }

    /// <summary>
    /// Reads a section from the store again and applies what the board missed (a newer version wins, as for any change):
    /// for when the board may lag the store (changes of other instances arrive through the change feed). Callers that
    /// come while a read runs share it, and none starts within <paramref name="notWithin"/> of the previous one, so a
    /// crowd of buyers costs at most one section read per interval.
    /// </summary>
    public Task RefreshAsync(string section, Func<CancellationToken, Task<IReadOnlyList<Ticket>>> read, TimeSpan notWithin)
    {
        if (!_byName.TryGetValue(section, out var state))
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            if (state.Refreshing is { IsCompleted: false } running)
            {
                return running;
            }

            if (state.RefreshStartedAt != 0 && Stopwatch.GetElapsedTime(state.RefreshStartedAt) < notWithin)
            {
                return Task.CompletedTask;
            }

            state.RefreshStartedAt = Stopwatch.GetTimestamp();
            return state.Refreshing = ReadAndApplyAsync(read);
        }
    }

    private async Task ReadAndApplyAsync(Func<CancellationToken, Task<IReadOnlyList<Ticket>>> read)
    {
        await Task.Yield();
        var tickets = await read(CancellationToken.None);
        if (tickets.Count > 0)
        {
            Apply(tickets);
        }
    }

    /// <summary>Copies up to <see cref="RowBatch"/> rows from row index <paramref name="from"/> on; returns where to go on, or -1.</summary>
    private int CopyRows(SectionState state, int quantity, bool includeClaimed, int from, List<SeatRow> into)
    {
        lock (_gate)
        {
            AdvanceLocked(_time.GetUtcNow());
            UpdateNextLapseLocked();
            var counts = includeClaimed ? state.Free : state.Open;
            for (var row = from; row < counts.Length; row++)
            {
                if (counts[row] < quantity)
                {
                    continue;
                }

                var start = state.RowStarts[row];
                var end = state.RowStarts[row + 1];
                var free = new Ticket[counts[row]];
                var n = 0;
                for (var i = start; i < end && n < free.Length; i++)
                {
                    var ticket = state.Tickets[i];
                    if (ticket.StatusAt(_countedAt) == TicketStatus.Available && (includeClaimed || !state.IsClaimed(ticket.TicketId)))
                    {
                        free[n++] = ticket;
                    }
                }

                if (n < free.Length)
                {
                    Array.Resize(ref free, n);
                }

                into.Add(new SeatRow(state.Tickets[start].Row, state.Tickets[start].Seat, state.Tickets[end - 1].Seat, free));
                if (into.Count == RowBatch)
                {
                    return row + 1 < counts.Length ? row + 1 : -1;
                }
            }

            return -1;
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
            section.IndexRows();
            for (var row = 0; row < section.Free.Length; row++)
            {
                for (var i = section.RowStarts[row]; i < section.RowStarts[row + 1]; i++)
                {
                    var ticket = section.Tickets[i];
                    _index[ticket.TicketId] = new Slot(section, i, row);
                    CountLocked(section, row, ticket, +1);
                }
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
                slot.Section.Free[slot.Row]++;
                if (!slot.Section.IsClaimed(lapse.TicketId))
                {
                    slot.Section.Open[slot.Row]++;
                }

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

    /// <summary>Adds (or with -1 removes) a ticket's status as of the board's clock to its section's and its row's counts.</summary>
    private void CountLocked(SectionState section, int row, Ticket ticket, int sign)
    {
        switch (ticket.StatusAt(_countedAt))
        {
            case TicketStatus.Available:
                section.Available += sign;
                section.Free[row] += sign;
                if (!section.IsClaimed(ticket.TicketId))
                {
                    section.Open[row] += sign;
                }

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
        public readonly HashSet<string> Claims = new(StringComparer.Ordinal);
        public Ticket[] Tickets = [];
        public int Available;
        public int Held;
        public int Booked;
        public long Stamp;
        public SectionTickets? Listing;

        /// <summary>Row r holds <c>Tickets[RowStarts[r]..RowStarts[r + 1]]</c>; rows in row order.</summary>
        public int[] RowStarts = [0];

        /// <summary>Per row: seats available at the board's clock.</summary>
        public int[] Free = [];

        /// <summary>Per row: seats available at the board's clock that are not claimed.</summary>
        public int[] Open = [];

        public Task? Refreshing;
        public long RefreshStartedAt;
        public TaskCompletionSource? ClaimEnded;

        public bool IsClaimed(string ticketId) => Claims.Count > 0 && Claims.Contains(ticketId);

        /// <summary>Finds the rows of <see cref="Tickets"/> (in seat order) and zeroes their counts.</summary>
        public void IndexRows()
        {
            var starts = new List<int>();
            for (var i = 0; i < Tickets.Length; i++)
            {
                if (i == 0 || Tickets[i].Row != Tickets[i - 1].Row)
                {
                    starts.Add(i);
                }
            }

            starts.Add(Tickets.Length);
            RowStarts = [.. starts];
            Free = new int[starts.Count - 1];
            Open = new int[starts.Count - 1];
        }
    }

    private readonly record struct Slot(SectionState Section, int Position, int Row);

    private readonly record struct Lapse(string TicketId, long Version);
}
