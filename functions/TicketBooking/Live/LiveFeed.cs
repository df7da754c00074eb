using System.Globalization;
using System.Security.Cryptography;
using System.Threading.Channels;
using TicketBooking.Http;
using TicketBooking.Inventory;

namespace TicketBooking.Live;

/// <summary>
/// The live seat stream of one event in this instance. It watches the event's <see cref="EventBoard"/> (which sees
/// every ticket write, this instance's own and, through the change feed, everyone else's, and every hold that lapses
/// by time), gathers the changed seats for a short window, and turns each batch into one <c>seats</c> event, serialized
/// once, numbered with the next version and kept in a bounded change log for reconnects. Each listener has a bounded
/// buffer: one that falls behind is dropped without holding up the batch for anyone else.
/// Versions read <c>epoch-n</c>: the epoch is random per feed, so an id from another instance, or from before this
/// feed started, is recognised as foreign and answered with a fresh snapshot.
/// A loop per feed wakes at the end of each window, at the earliest hold's lapse time (so an expiry reaches
/// listeners although no write happens at that moment) and every second for upkeep: it keeps the board in use while
/// anyone listens and closes the feed when the board is evicted or the last listener left longer than the linger ago.
/// </summary>
internal sealed class LiveFeed : ISeatWatcher
{
    private static readonly TimeSpan Upkeep = TimeSpan.FromSeconds(1);

    private readonly LiveOptions _options;
    private readonly int _listenerBuffer;
    private readonly TimeProvider _time;
    private readonly Action _touch;
    private readonly Func<LiveFeed, bool> _closeIfIdle;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Lock _pendingGate = new();

    /// <summary>One batch at a time goes out to the listeners, so every listener gets the batches in version order.</summary>
    private readonly Lock _fanOut = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Queue<LoggedBatch> _log = new();
    private readonly List<Listener> _listeners = [];
    private readonly string _epoch = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private Dictionary<string, TicketStatus> _pending = new(StringComparer.Ordinal);
    private HashSet<string> _pendingSections = new(StringComparer.Ordinal);
    private int _signalled;
    private long _version;
    private int _logged;
    private long _emptySinceTicks;
    private bool _closed;

    public LiveFeed(string eventId, EventBoard board, LiveOptions options, int listenerBuffer, TimeProvider time, Action touch,
        Func<LiveFeed, bool> closeIfIdle, ILogger logger)
    {
        EventId = eventId;
        Board = board;
        _options = options;
        _listenerBuffer = listenerBuffer;
        _time = time;
        _touch = touch;
        _closeIfIdle = closeIfIdle;
        _logger = logger;
        _emptySinceTicks = time.GetUtcNow().UtcTicks;
        board.Watch(this);
        _ = Task.Run(RunAsync);
    }

    public string EventId { get; }

    public EventBoard Board { get; }

    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    public int Listeners
    {
        get
        {
            lock (_gate)
            {
                return _listeners.Count;
            }
        }
    }

    public void OnSeatChanged(string ticketId, string section, TicketStatus status)
    {
        lock (_pendingGate)
        {
            _pending[ticketId] = status;
            _pendingSections.Add(section);
        }

        if (Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            _signal.Release();
        }
    }

    /// <summary>
    /// A new listener and what it gets first: the changes after <paramref name="lastEventId"/> when this feed still
    /// has them all, else a snapshot. Null once the feed is closed.
    /// </summary>
    public (Listener Listener, IReadOnlyList<ServerSentEvent> First)? Join(string? lastEventId)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return null;
            }

            var first = Missed(lastEventId) ?? [ServerSentEvent.Json("snapshot", VersionOf(_version),
                new LiveSnapshot(VersionOf(_version), SectionsOf(Board.Snapshot())))];
            var listener = new Listener(_listenerBuffer);
            _listeners.Add(listener);
            return (listener, first);
        }
    }

    public void Leave(Listener listener)
    {
        lock (_gate)
        {
            if (_listeners.Remove(listener) && _listeners.Count == 0)
            {
                _emptySinceTicks = _time.GetUtcNow().UtcTicks;
            }
        }
    }

    /// <summary>Whether nobody has listened for longer than the linger, or the board was evicted.</summary>
    public bool IsIdle(DateTimeOffset now)
    {
        lock (_gate)
        {
            return Board.IsEvicted || (_listeners.Count == 0 && now.UtcTicks - _emptySinceTicks >= _options.Linger.Ticks);
        }
    }

    /// <summary>Ends every listener's stream (they reconnect and start again from a snapshot) and stops watching.</summary>
    public void Close()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            foreach (var listener in _listeners)
            {
                listener.End();
            }

            _listeners.Clear();
        }

        Board.Watch(null, this);
        _stopping.Cancel();
    }

    /// <summary>
    /// Sends what changed since the last batch to every listener as one <c>seats</c> event. The event is built under
    /// the feed's lock; it is handed to the listeners outside it, and each listener's stream writes it on this thread
    /// (see <see cref="Listener"/>), so a batch to thousands of listeners is one pass here, not a work item per
    /// listener queued ahead of every request the instance serves.
    /// </summary>
    internal void Flush()
    {
        lock (_fanOut)
        {
            FlushInOrder();
        }
    }

    private void FlushInOrder()
    {
        ServerSentEvent batch;
        Listener[] listeners;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            // The board's snapshot first: reading it moves the board's clock, which reports lapsed holds as changes.
            var counts = Board.Snapshot();
            Dictionary<string, TicketStatus> changed;
            HashSet<string> sections;
            lock (_pendingGate)
            {
                if (_pending.Count == 0)
                {
                    return;
                }

                (changed, sections) = (_pending, _pendingSections);
                _pending = new Dictionary<string, TicketStatus>(StringComparer.Ordinal);
                _pendingSections = new HashSet<string>(StringComparer.Ordinal);
            }

            var version = VersionOf(++_version);
            var seats = changed.Select(c => new LiveSeat(c.Key, c.Value)).ToArray();
            var touched = SectionsOf(counts).Where(s => sections.Contains(s.Name)).ToArray();
            batch = ServerSentEvent.Json("seats", version, new LiveSeats(version, seats, touched));
            _log.Enqueue(new LoggedBatch(_version, batch));
            _logged += batch.Frame.Length;
            while (_logged > _options.ChangeLogBytes && _log.Count > 0)
            {
                _logged -= _log.Dequeue().Event.Frame.Length;
            }

            listeners = [.. _listeners];
        }

        List<Listener>? behind = null;
        foreach (var listener in listeners)
        {
            if (!listener.TryWrite(batch))
            {
                (behind ??= []).Add(listener);
            }
        }

        if (behind is null)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var listener in behind)
            {
                if (_listeners.Remove(listener))
                {
                    _logger.LogDebug("A listener of event {EventId} fell {Buffer} events behind and was dropped", EventId, _listenerBuffer);
                    if (_listeners.Count == 0)
                    {
                        _emptySinceTicks = _time.GetUtcNow().UtcTicks;
                    }
                }
            }
        }

        foreach (var listener in behind)
        {
            listener.End();
        }
    }

    private async Task RunAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var wait = Upkeep;
                if (Board.NextLapse is { } lapse)
                {
                    var untilLapse = lapse - _time.GetUtcNow() + TimeSpan.FromMilliseconds(5);
                    wait = untilLapse < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : untilLapse < wait ? untilLapse : wait;
                }

                if (await _signal.WaitAsync(wait, stopping))
                {
                    await Task.Delay(_options.CoalesceWindow, _time, stopping);
                    Volatile.Write(ref _signalled, 0);
                }

                Flush();
                if (Listeners > 0 && !Board.IsEvicted)
                {
                    _touch();
                }
                else if (_closeIfIdle(this))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "The live feed of event {EventId} failed; it goes on", EventId);
                await Task.Delay(Upkeep, _time, CancellationToken.None);
            }
        }
    }

    /// <summary>The batches after <paramref name="lastEventId"/>, or null when it is not one of this feed's or too old.</summary>
    private List<ServerSentEvent>? Missed(string? lastEventId)
    {
        var dash = lastEventId?.LastIndexOf('-') ?? -1;
        if (dash <= 0 || lastEventId!.Length > 64 || !lastEventId.AsSpan(0, dash).SequenceEqual(_epoch)
            || !long.TryParse(lastEventId.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seen)
            || seen > _version)
        {
            return null;
        }

        if (seen == _version)
        {
            return [];
        }

        if (_log.Count == 0 || _log.Peek().Version > seen + 1)
        {
            return null;
        }

        return _log.Where(b => b.Version > seen).Select(b => b.Event).ToList();
    }

    private string VersionOf(long version) => $"{_epoch}-{version.ToString(CultureInfo.InvariantCulture)}";

    private static LiveSection[] SectionsOf(AvailabilitySnapshot snapshot) =>
        snapshot.Sections.Select(s => new LiveSection(s.Section, s.Available, s.Held, s.Booked)).ToArray();

    private readonly record struct LoggedBatch(long Version, ServerSentEvent Event);

    /// <summary>
    /// One open stream's place in the feed: a bounded buffer of events it has not yet taken. A stream waiting for the
    /// next event takes it on the thread that writes it (synchronous continuations): its write to the connection's
    /// buffer completes at once unless that client is slow, and a slow client's stream goes on by itself from its
    /// buffer. A stream that ends while the feed writes leaves the feed on that thread, outside the feed's lock.
    /// </summary>
    internal sealed class Listener(int capacity)
    {
        private readonly Channel<ServerSentEvent> _buffer = Channel.CreateBounded<ServerSentEvent>(
            new BoundedChannelOptions(capacity)
            {
                SingleReader = true,
                SingleWriter = false,
                FullMode = BoundedChannelFullMode.Wait,
                AllowSynchronousContinuations = true,
            });

        public ChannelReader<ServerSentEvent> Reader => _buffer.Reader;

        public bool TryWrite(ServerSentEvent item) => _buffer.Writer.TryWrite(item);

        public void End() => _buffer.Writer.TryComplete();
    }
}
