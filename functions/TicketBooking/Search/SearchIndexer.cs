using System.Runtime.CompilerServices;
using TicketBooking.Catalog;
using TicketBooking.Inventory;

namespace TicketBooking.Search;

/// <summary>
/// Keeps the index in step with the catalog: applies changed events, pushes available seat counts, and rebuilds the
/// whole index from <see cref="IEventStore"/>. Locally <see cref="SearchSync"/> drives it from in-process changes; in
/// Azure <see cref="SearchChangeFeed"/> drives it from the Cosmos change feed.
/// </summary>
public sealed class SearchIndexer(IEventSearch search, IEventStore events, ITicketInventory inventory, AvailabilityBoard board,
    TimeProvider time, ILogger<SearchIndexer> logger)
{
    private const int CountParallelism = 16;

    /// <summary>
    /// Scheduled events are added or replaced (with their available seats now); cancelled ones are replaced with their
    /// status (found by search, marked cancelled, no seats); events still being created wait until they go on sale.
    /// </summary>
    public async Task ApplyAsync(IReadOnlyCollection<EventRecord> records, CancellationToken cancellationToken)
    {
        var listed = records.Where(r => r.Status is EventStatus.Scheduled or EventStatus.Cancelled).ToArray();
        if (listed.Length > 0)
        {
            await search.UpsertAsync(await EntriesAsync(listed, cancellationToken), cancellationToken);
        }

        logger.LogDebug("Indexed {Upserted} events ({Cancelled} cancelled)", listed.Length, listed.Count(r => r.Status == EventStatus.Cancelled));
    }

    /// <summary>
    /// Pushes the available seat counts of <paramref name="eventIds"/> from their availability snapshots, and returns when
    /// each count next changes by itself (the earliest hold lapse), so the caller can push again then.
    /// </summary>
    public async Task<IReadOnlyList<(string EventId, DateTimeOffset ValidUntil)>> RefreshAvailabilityAsync(IReadOnlyCollection<string> eventIds,
        CancellationToken cancellationToken)
    {
        var counts = new List<EventAvailability>(eventIds.Count);
        var lapses = new List<(string, DateTimeOffset)>(eventIds.Count);
        foreach (var eventId in eventIds)
        {
            var snapshot = (await board.GetAsync(eventId, ct => inventory.GetTicketsAsync(eventId, null, ct), cancellationToken)).Snapshot();
            counts.Add(new EventAvailability(eventId, snapshot.Available));
            lapses.Add((eventId, snapshot.ValidUntil));
        }

        await search.SetAvailabilityAsync(counts, cancellationToken);
        return lapses;
    }

    /// <summary>Reindexes every scheduled and cancelled event of the catalog and removes everything else from the index.</summary>
    public async Task<RebuildResult> RebuildAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Rebuilding the search index from the catalog");
        var result = await search.RebuildAsync(AllEntriesAsync(cancellationToken), cancellationToken);
        logger.LogInformation("Rebuilt the search index: {Indexed} events indexed, {Removed} removed, in {Elapsed}",
            result.Indexed, result.Removed, result.Elapsed);
        return result;
    }

    private async IAsyncEnumerable<EventSearchEntry> AllEntriesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var chunk = new List<EventRecord>(CountParallelism * 4);
        await foreach (var record in events.ListAsync(cancellationToken))
        {
            if (record.Status is not (EventStatus.Scheduled or EventStatus.Cancelled))
            {
                continue;
            }

            chunk.Add(record);
            if (chunk.Count == chunk.Capacity)
            {
                foreach (var entry in await EntriesAsync(chunk, cancellationToken))
                {
                    yield return entry;
                }

                chunk.Clear();
            }
        }

        foreach (var entry in await EntriesAsync(chunk, cancellationToken))
        {
            yield return entry;
        }
    }

    /// <summary>Entries with the seats available now, counted from the tickets (without keeping them in memory).</summary>
    private async Task<IReadOnlyCollection<EventSearchEntry>> EntriesAsync(IReadOnlyCollection<EventRecord> records, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var entries = new EventSearchEntry[records.Count];
        await Parallel.ForEachAsync(records.Select((r, i) => (r, i)),
            new ParallelOptions { MaxDegreeOfParallelism = CountParallelism, CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                var tickets = await inventory.GetTicketsAsync(item.r.Id, null, ct);
                var available = tickets.Count == 0 ? item.r.Capacity : tickets.Count(t => t.StatusAt(now) == TicketStatus.Available);
                entries[item.i] = EventSearchEntry.From(item.r, available);
            });
        return entries;
    }
}
