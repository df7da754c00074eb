using System.Runtime.CompilerServices;
using TicketBooking.Http;
using TicketBooking.Inventory;

namespace TicketBooking.Live;

/// <summary>
/// The live seat feeds of this instance, one per event that has listeners or had them within the linger. Memory: a
/// feed keeps at most <see cref="LiveOptions.ChangeLogBytes"/> of recent events and each listener at most
/// <see cref="ServerSentEventsOptions.ListenerBuffer"/> events (shared, not copied), so the total is bounded by the
/// stream caps.
/// </summary>
public sealed class LiveFeeds(AvailabilityBoard board, IOptions<LiveOptions> options, IOptions<ServerSentEventsOptions> streams,
    TimeProvider time, ILogger<LiveFeeds> logger) : IDisposable
{
    private readonly Dictionary<string, LiveFeed> _feeds = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Events with a feed now.</summary>
    public int Feeds
    {
        get
        {
            lock (_gate)
            {
                return _feeds.Count;
            }
        }
    }

    /// <summary>Listeners of <paramref name="eventId"/>'s feed now (a dropped listener no longer counts).</summary>
    public int ListenersOf(string eventId)
    {
        lock (_gate)
        {
            return _feeds.TryGetValue(eventId, out var feed) ? feed.Listeners : 0;
        }
    }

    /// <summary>
    /// The event's live stream for one listener: the changes after <paramref name="lastEventId"/> (or a snapshot when
    /// they are not all kept), then a <c>seats</c> event per batch until the listener goes, is dropped for falling
    /// behind, or the feed closes.
    /// </summary>
    public async IAsyncEnumerable<ServerSentEvent> ListenAsync(string eventId, EventBoard eventBoard, string? lastEventId,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (feed, listener, first) = Join(eventId, eventBoard, lastEventId);
        try
        {
            foreach (var item in first)
            {
                yield return item;
            }

            await foreach (var item in listener.Reader.ReadAllAsync(cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            feed.Leave(listener);
        }
    }

    /// <summary>Sends every feed's pending changes now rather than at the end of its window (tests, shutdown).</summary>
    public void FlushAll()
    {
        LiveFeed[] feeds;
        lock (_gate)
        {
            feeds = [.. _feeds.Values];
        }

        foreach (var feed in feeds)
        {
            feed.Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var feed in _feeds.Values)
            {
                feed.Close();
            }

            _feeds.Clear();
        }
    }

    private (LiveFeed Feed, LiveFeed.Listener Listener, IReadOnlyList<ServerSentEvent> First) Join(string eventId, EventBoard eventBoard,
        string? lastEventId)
    {
        lock (_gate)
        {
            if (_feeds.TryGetValue(eventId, out var feed) && (feed.Board != eventBoard || feed.IsClosed))
            {
                // The board was evicted and loaded again: the old feed's versions no longer describe it.
                feed.Close();
                _feeds.Remove(eventId);
                feed = null;
            }

            if (feed is null)
            {
                feed = new LiveFeed(eventId, eventBoard, options.Value, streams.Value.ListenerBuffer, time, () => board.Touch(eventId),
                    CloseIfIdle, logger);
                _feeds[eventId] = feed;
            }

            var (listener, first) = feed.Join(lastEventId) ?? throw new InvalidOperationException("A feed closed under its registry's lock.");
            return (feed, listener, first);
        }
    }

    private bool CloseIfIdle(LiveFeed feed)
    {
        lock (_gate)
        {
            if (!feed.IsIdle(time.GetUtcNow()))
            {
                return false;
            }

            feed.Close();
            if (_feeds.TryGetValue(feed.EventId, out var current) && current == feed)
            {
                _feeds.Remove(feed.EventId);
            }

            return true;
        }
    }
}
