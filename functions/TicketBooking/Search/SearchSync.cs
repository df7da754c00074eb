using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using TicketBooking.Catalog;
using TicketBooking.Inventory;

namespace TicketBooking.Search;

/// <summary>
/// Local runs: keeps the Lucene index current from the <see cref="SearchChangeQueue"/>. Created and changed events are
/// applied as soon as they are marked (searchable within milliseconds); availability is pushed at most once per
/// <see cref="AvailabilityInterval"/>, so an on-sale's thousands of ticket writes a second cost two recounts per event
/// a second, and again when a hold lapses by itself.
/// </summary>
public sealed class SearchSync(SearchChangeQueue queue, SearchIndexer indexer, TimeProvider time, ILogger<SearchSync> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan AvailabilityInterval = TimeSpan.FromMilliseconds(500);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lapses = new(StringComparer.Ordinal);
    private long _lastAvailabilityPush;

    /// <summary>Applies the events marked so far, and the availability changes when <see cref="AvailabilityInterval"/> has passed since the last push.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var records = Drain(queue.Events);
        if (records.Count > 0)
        {
            try
            {
                await indexer.ApplyAsync(records.Values, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Indexing {Count} changed events failed; retrying", records.Count);
                foreach (var record in records.Values)
                {
                    queue.Events.TryAdd(record.Id, record);
                }
            }
        }

        if (UntilNextAvailabilityPush() > TimeSpan.Zero)
        {
            return;
        }

        _lastAvailabilityPush = System.Diagnostics.Stopwatch.GetTimestamp();
        var now = time.GetUtcNow();
        foreach (var (eventId, due) in _lapses)
        {
            if (due <= now && _lapses.TryRemove(new KeyValuePair<string, DateTimeOffset>(eventId, due)))
            {
                queue.Availability[eventId] = true;
            }
        }

        var changed = Drain(queue.Availability);
        if (changed.Count > 0)
        {
            try
            {
                foreach (var (eventId, validUntil) in await indexer.RefreshAvailabilityAsync(changed.Keys, cancellationToken))
                {
                    if (validUntil != DateTimeOffset.MaxValue)
                    {
                        _lapses[eventId] = validUntil;
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Pushing the availability of {Count} events failed; retrying", changed.Count);
                foreach (var eventId in changed.Keys)
                {
                    queue.Availability[eventId] = true;
                }
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Wake for new work, or when held-back availability changes become due.
                var wait = queue.Availability.IsEmpty ? Tick : UntilNextAvailabilityPush();
                await queue.WaitAsync(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, stoppingToken);
                await FlushAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private TimeSpan UntilNextAvailabilityPush() =>
        _lastAvailabilityPush == 0 ? TimeSpan.Zero : AvailabilityInterval - System.Diagnostics.Stopwatch.GetElapsedTime(_lastAvailabilityPush);

    private static Dictionary<string, T> Drain<T>(ConcurrentDictionary<string, T> pending)
    {
        var taken = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var key in pending.Keys)
        {
            if (pending.TryRemove(key, out var value))
            {
                taken[key] = value;
            }
        }

        return taken;
    }
}
