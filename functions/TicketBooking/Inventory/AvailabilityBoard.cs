using System.Collections.Concurrent;

namespace TicketBooking.Inventory;

/// <summary>
/// The per-event availability snapshots that views are served from: a cache of the inventory. An event is loaded from
/// the inventory on its first use and then kept current by every ticket write (<see cref="ITicketChangeObserver"/>),
/// and in Azure also by the Cosmos change feed, so a view never reads the ticket documents.
/// The board holds at most <see cref="BoardOptions.MaxSeats"/> seats (the event in use always stays): past that it
/// evicts, events that are over first, then the least recently used, down to nine tenths of the budget. An evicted
/// event is simply loaded again on its next use. Changes to events the board does not hold are dropped, which is safe
/// because a load reads the store after the board is registered: a write either is in what the load reads, or its
/// change reaches the registered board, which orders it against the load by version.
/// </summary>
public sealed class AvailabilityBoard : ITicketChangeObserver
{
    private const double EvictDownTo = 0.9;

    private readonly ConcurrentDictionary<string, EventBoard> _events = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ILogger<AvailabilityBoard>? _logger;
    private readonly Lock _evicting = new();
    private readonly Action<long> _charge;
    private long _seats;
    private long _clock;
    private long _evictions;

    public AvailabilityBoard(TimeProvider time, IOptions<BoardOptions>? options = null, ILogger<AvailabilityBoard>? logger = null)
    {
        _time = time;
        _logger = logger;
        MaxSeats = (options?.Value ?? new BoardOptions()).MaxSeats;
        _charge = delta => Interlocked.Add(ref _seats, delta);
    }

    /// <summary>The budget: most seats held across all events.</summary>
    public long MaxSeats { get; }

    /// <summary>Seats held now across all events.</summary>
    public long Seats => Volatile.Read(ref _seats);

    /// <summary>Events held now (loaded or loading).</summary>
    public int Events => _events.Count;

    /// <summary>Events evicted since start.</summary>
    public long Evictions => Volatile.Read(ref _evictions);

    /// <summary>Whether the board holds the event now (a later use does not load it).</summary>
    public bool Holds(string eventId) => _events.TryGetValue(eventId, out var board) && board.IsLoaded;

    public void OnTicketsChanged(string eventId, IReadOnlyList<Ticket> tickets)
    {
        if (tickets.Count > 0 && _events.TryGetValue(eventId, out var board))
        {
            board.Apply(tickets);
        }
    }

    /// <summary>The event's board, loading it with <paramref name="load"/> if the board does not hold it.</summary>
    public Task<EventBoard> GetAsync(string eventId, Func<CancellationToken, Task<IReadOnlyList<Ticket>>> load, CancellationToken cancellationToken) =>
        GetAsync(eventId, null, load, cancellationToken);

    /// <summary>
    /// The event's board, loading it with <paramref name="load"/> if the board does not hold it. <paramref name="overAt"/>
    /// is when the event stops selling (its start; the past when cancelled): from then on it is the first to be evicted.
    /// </summary>
    public async Task<EventBoard> GetAsync(string eventId, DateTimeOffset? overAt, Func<CancellationToken, Task<IReadOnlyList<Ticket>>> load,
        CancellationToken cancellationToken)
    {
        var board = _events.GetOrAdd(eventId, static (id, self) => new EventBoard(id, self._time, self._charge), this);
        board.Touch(Interlocked.Increment(ref _clock), overAt);
        if (!board.IsLoaded)
        {
            await board.EnsureLoadedAsync(load, cancellationToken);
            if (Seats > MaxSeats)
            {
                EvictFor(board);
            }
        }

        return board;
    }

    /// <summary>Marks an event's board as just used (an open live stream keeps it from being the first evicted).</summary>
    public void Touch(string eventId)
    {
        if (_events.TryGetValue(eventId, out var board))
        {
            board.Touch(Interlocked.Increment(ref _clock), null);
        }
    }

    /// <summary>Drops an event's board (it is loaded again on its next use).</summary>
    public void Forget(string eventId)
    {
        if (_events.TryRemove(eventId, out var board))
        {
            board.Evict();
        }
    }

    private void EvictFor(EventBoard keep)
    {
        lock (_evicting)
        {
            if (Seats <= MaxSeats)
            {
                return;
            }

            var now = _time.GetUtcNow();
            var target = (long)(MaxSeats * EvictDownTo);
            var candidates = _events.Values
                .Where(b => b != keep && b.IsLoaded)
                .Select(b => (Board: b, Over: b.IsOverAt(now), b.LastUsed))
                .OrderByDescending(c => c.Over)
                .ThenBy(c => c.LastUsed)
                .ToList();
            var evicted = 0;
            var over = 0;
            foreach (var candidate in candidates)
            {
                if (Seats <= target)
                {
                    break;
                }

                if (_events.TryRemove(new KeyValuePair<string, EventBoard>(candidate.Board.EventId, candidate.Board)))
                {
                    candidate.Board.Evict();
                    evicted++;
                    over += candidate.Over ? 1 : 0;
                }
            }

            Interlocked.Add(ref _evictions, evicted);
            _logger?.LogDebug("Availability board over its budget of {MaxSeats} seats: evicted {Evicted} events ({Over} over), {Seats} seats remain",
                MaxSeats, evicted, over, Seats);
        }
    }
}
