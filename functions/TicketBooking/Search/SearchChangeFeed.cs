using System.Net;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using TicketBooking.Catalog;
using TicketBooking.Cosmos;
using TicketBooking.Inventory;

namespace TicketBooking.Search;

/// <summary>What one change feed pass did.</summary>
public sealed record SearchSyncResult(int EventsApplied, int AvailabilityPushed);

/// <summary>
/// Azure: keeps Azure AI Search current from the Cosmos change feeds (a timer-triggered function runs
/// <see cref="RunOnceAsync"/> every few seconds). Changed events are reindexed; changed tickets refresh their event's
/// available count. Each feed's continuation is a document in the <c>leases</c> container, written after every page is
/// applied, so a crash repeats at most one page (every step is idempotent) and never skips one.
/// </summary>
public sealed class SearchChangeFeed(Container events, Container tickets, Container leases, SearchIndexer indexer, AvailabilityBoard board,
    TimeProvider time, ILogger<SearchChangeFeed> logger)
{
    public const string EventsCheckpoint = "search-sync-events";
    public const string TicketsCheckpoint = "search-sync-tickets";
    private const int PageSize = 500;

    /// <summary>One pass stops after this long, and the next timer tick goes on from the checkpoint.</summary>
    private static readonly TimeSpan PassBudget = TimeSpan.FromSeconds(30);

    private sealed record Checkpoint([property: JsonPropertyName("id")] string Id, string Continuation, DateTimeOffset UpdatedAt);

    /// <summary>Applies every change since the last pass. Events are read from the beginning the first time (that fills an empty index), tickets from now.</summary>
    public async Task<SearchSyncResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var eventCount = await DrainAsync<EventRecord>(events, EventsCheckpoint, ChangeFeedStartFrom.Beginning(), started,
            async (page, ct) =>
            {
                // A page can hold several versions of one event; the latest wins.
                var latest = page.GroupBy(d => d.Id).Select(g => g.MaxBy(d => d.Version)!).ToArray();
                await indexer.ApplyAsync(latest, ct);
                return latest.Length;
            }, cancellationToken);

        var ticketCount = await DrainAsync<CosmosTicketInventory.TicketDocument>(tickets, TicketsCheckpoint, ChangeFeedStartFrom.Now(), started,
            async (page, ct) =>
            {
                var byEvent = page.GroupBy(d => d.EventId).ToArray();
                foreach (var change in byEvent)
                {
                    board.OnTicketsChanged(change.Key, change.Select(d => d.ToTicket()).ToArray());
                }

                await indexer.RefreshAvailabilityAsync(byEvent.Select(g => g.Key).ToArray(), ct);
                return byEvent.Length;
            }, cancellationToken);

        if (eventCount + ticketCount > 0)
        {
            logger.LogInformation("Search sync applied {EventCount} changed events and {AvailabilityCount} availability changes",
                eventCount, ticketCount);
        }

        return new SearchSyncResult(eventCount, ticketCount);
    }

    private async Task<int> DrainAsync<T>(Container container, string checkpointId, ChangeFeedStartFrom firstStart, long started,
        Func<IReadOnlyCollection<T>, CancellationToken, Task<int>> apply, CancellationToken cancellationToken)
    {
        var checkpoint = await ReadCheckpointAsync(checkpointId, cancellationToken);
        var start = checkpoint is null ? firstStart : ChangeFeedStartFrom.ContinuationToken(checkpoint);
        using var iterator = container.GetChangeFeedIterator<T>(start, ChangeFeedMode.LatestVersion, new ChangeFeedRequestOptions { PageSizeHint = PageSize });
        var applied = 0;
        while (iterator.HasMoreResults && time.GetElapsedTime(started) < PassBudget)
        {
            var page = await iterator.ReadNextAsync(cancellationToken);
            if (page.StatusCode != HttpStatusCode.NotModified && page.Count > 0)
            {
                applied += await apply(page.ToArray(), cancellationToken);
            }

            if (page.ContinuationToken is { } continuation && continuation != checkpoint)
            {
                await WriteCheckpointAsync(checkpointId, continuation, cancellationToken);
                checkpoint = continuation;
            }

            if (page.StatusCode == HttpStatusCode.NotModified)
            {
                break;
            }
        }

        return applied;
    }

    private async Task<string?> ReadCheckpointAsync(string id, CancellationToken cancellationToken) =>
        (await leases.ReadOrNullAsync<Checkpoint>(id, new PartitionKey(id), cancellationToken))?.Value.Continuation;

    private Task WriteCheckpointAsync(string id, string continuation, CancellationToken cancellationToken) =>
        leases.UpsertItemAsync(new Checkpoint(id, continuation, time.GetUtcNow()), new PartitionKey(id),
            new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken);
}
