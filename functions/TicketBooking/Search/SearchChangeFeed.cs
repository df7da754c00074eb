using System.Net;
using Microsoft.Azure.Cosmos;
using TicketBooking.Catalog;
using TicketBooking.Cosmos;
using TicketBooking.Inventory;

namespace TicketBooking.Search;

/// <summary>
/// Azure: keeps Azure AI Search current from the Cosmos change feeds (a timer-triggered function runs
/// <see cref="RunOnceAsync"/> every few seconds). Changed events are read here and reindexed. Changed tickets are read by
/// the process's one tickets feed reader (<see cref="CosmosTicketChangeFeed"/>), which hands them to every ticket
/// observer, search's <see cref="SearchChangeQueue"/> among them; a pass catches that reader up, pushes the available
/// count of every event marked in the queue, and only then saves the reader's position. Each feed's continuation is a
/// document in the <c>leases</c> container, written after what it covers is applied, so a crash repeats work (every
/// step is idempotent) and never skips any; the tickets reader of a starting instance begins at the saved position.
/// </summary>
public sealed class SearchChangeFeed(Container events, ChangeFeedCheckpoints checkpoints, CosmosTicketChangeFeed tickets,
    SearchChangeQueue queue, SearchIndexer indexer, TimeProvider time, ILogger<SearchChangeFeed> logger)
{
    public const string EventsCheckpoint = "search-sync-events";
    public const string TicketsCheckpoint = "search-sync-tickets";
    private const int PageSize = 500;

    /// <summary>One pass stops after this long, and the next timer tick goes on from the checkpoint.</summary>
    private static readonly TimeSpan PassBudget = TimeSpan.FromSeconds(30);

    private string? _ticketsCheckpoint;

    /// <summary>Applies every change since the last pass. Events are read from the beginning the first time (that fills an empty index), tickets from now.</summary>
    public async Task<SearchSyncResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var eventCount = await DrainEventsAsync(started, cancellationToken);
        var ticketCount = await PushAvailabilityAsync(cancellationToken);
        if (eventCount + ticketCount > 0)
        {
            logger.LogInformation("Search sync applied {EventCount} changed events and {AvailabilityCount} availability changes",
                eventCount, ticketCount);
        }

        return new SearchSyncResult(eventCount, ticketCount);
    }

    private async Task<int> PushAvailabilityAsync(CancellationToken cancellationToken)
    {
        // Every change up to the reader's position has reached the queue once the reader has caught up.
        await tickets.CatchUpAsync(cancellationToken);
        var position = tickets.Position;
        var changed = queue.TakeAvailabilityChanges();
        if (changed.Count > 0)
        {
            try
            {
                await indexer.RefreshAvailabilityAsync(changed, cancellationToken);
            }
            catch
            {
                queue.MarkAvailabilityChanged(changed);
                throw;
            }
        }

        _ticketsCheckpoint ??= await checkpoints.ReadAsync(TicketsCheckpoint, cancellationToken);
        if (position is not null && position != _ticketsCheckpoint)
        {
            await checkpoints.WriteAsync(TicketsCheckpoint, position, cancellationToken);
            _ticketsCheckpoint = position;
        }

        return changed.Count;
    }

    private async Task<int> DrainEventsAsync(long started, CancellationToken cancellationToken)
    {
        var checkpoint = await checkpoints.ReadAsync(EventsCheckpoint, cancellationToken);
        var start = checkpoint is null ? ChangeFeedStartFrom.Beginning() : ChangeFeedStartFrom.ContinuationToken(checkpoint);
        using var iterator = events.GetChangeFeedIterator<EventRecord>(start, ChangeFeedMode.LatestVersion, new ChangeFeedRequestOptions { PageSizeHint = PageSize });
        var applied = 0;
        while (iterator.HasMoreResults && time.GetElapsedTime(started) < PassBudget)
        {
            var page = await iterator.ReadNextAsync(cancellationToken);
            if (page.StatusCode != HttpStatusCode.NotModified && page.Count > 0)
            {
                // A page can hold several versions of one event; the latest wins.
                var latest = page.GroupBy(d => d.Id).Select(g => g.MaxBy(d => d.Version)!).ToArray();
                await indexer.ApplyAsync(latest, cancellationToken);
                applied += latest.Length;
            }

            if (page.ContinuationToken is { } continuation && continuation != checkpoint)
            {
                await checkpoints.WriteAsync(EventsCheckpoint, continuation, cancellationToken);
                checkpoint = continuation;
            }

            if (page.StatusCode == HttpStatusCode.NotModified)
            {
                break;
            }
        }

        return applied;
    }
}
