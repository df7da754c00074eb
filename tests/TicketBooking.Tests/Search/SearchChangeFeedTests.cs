using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;
using TicketBooking.Catalog;
using TicketBooking.Cosmos;
using TicketBooking.Inventory;
using TicketBooking.Search;
using TicketBooking.Search.Lucene;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Search;

/// <summary>The Azure sync path (Cosmos change feeds into the index) against the Cosmos-protocol server, with Lucene as the index.</summary>
[Collection(CosmosCollection.Name)]
public sealed class SearchChangeFeedTests(CosmosServerFixture cosmos) : IAsyncLifetime
{
    private readonly ManualTime _time = new(DateTimeOffset.UtcNow);
    private readonly LuceneEventSearch _search = new();
    private readonly List<IDisposable> _readers = [];
    private Container _leases = null!;

    public async Task InitializeAsync() =>
        _leases = (await cosmos.Database.CreateContainerIfNotExistsAsync("leases-" + Guid.NewGuid().ToString("N")[..8], "/id")).Container;

    public async Task DisposeAsync()
    {
        _readers.ForEach(r => r.Dispose());
        _search.Dispose();
        await _leases.DeleteContainerAsync();
    }

    /// <summary>
    /// One app instance, wired as AddData and AddSearch wire it: its own availability board and search queue, both fed by
    /// its inventory client and by its one tickets change feed reader, which starts from search's checkpoint.
    /// </summary>
    private (SearchChangeFeed Feed, CosmosTicketInventory Inventory, CosmosEventStore Store) Instance()
    {
        var board = new AvailabilityBoard(_time);
        var queue = new SearchChangeQueue();
        var observers = new TicketChangeObservers([board, queue]);
        var events = cosmos.Database.GetContainer(Containers.Events);
        var tickets = cosmos.Database.GetContainer(Containers.Tickets);
        var store = new CosmosEventStore(events);
        var inventory = new CosmosTicketInventory(tickets, observers, _time);
        var indexer = new SearchIndexer(_search, store, inventory, board, _time, NullLogger<SearchIndexer>.Instance);
        var checkpoints = new ChangeFeedCheckpoints(_leases, _time);
        var reader = new CosmosTicketChangeFeed(tickets, observers, NullLogger<CosmosTicketChangeFeed>.Instance,
            startFrom: ct => checkpoints.ReadAsync(SearchChangeFeed.TicketsCheckpoint, ct));
        _readers.Add(reader);
        _readers.Add(queue);
        return (new SearchChangeFeed(events, checkpoints, reader, queue, indexer, _time, NullLogger<SearchChangeFeed>.Instance), inventory, store);
    }

    private EventRecord NewEvent(string word) => new("evt-" + Guid.NewGuid().ToString("N")[..12], $"{word} Live", ["The " + word],
        "concert", "A test event.", new Venue("Hudson Hall", "New York", "1 River Road"), _time.GetUtcNow().AddDays(20),
        [new SectionLayout("A", 2, 5, 30m, "USD")], EventStatus.Scheduled, "org-1", _time.GetUtcNow());

    private async Task<EventSearchItem?> FindAsync(string word) =>
        (await _search.SearchAsync(EventSearchQuery.Create(word, now: _time.GetUtcNow()))).Items.SingleOrDefault();

    [Fact]
    public async Task CreatedHeldAndCancelledEventsReachTheIndexFromTheChangeFeeds()
    {
        var (feed, inventory, store) = Instance();
        var record = NewEvent("Zanzibarre");
        await inventory.AddTicketsAsync(record.Id, EventCatalog.TicketsOf(record));
        await store.CreateAsync(record);

        var first = await feed.RunOnceAsync(CancellationToken.None);

        Assert.True(first.EventsApplied >= 1);
        Assert.Equal(10, (await FindAsync("zanzibarre"))?.Available);

        // Another instance sells seats; this instance learns of it only through the tickets feed.
        var (_, otherInventory, _) = Instance();
        await otherInventory.HoldAsync(record.Id, "res-1", ["A-1-1", "A-1-2"], _time.GetUtcNow().AddMinutes(10));
        await otherInventory.HoldAsync(record.Id, "res-2", ["A-2-1"], _time.GetUtcNow().AddMinutes(10));
        await otherInventory.BookAsync(record.Id, "res-2", ["A-2-1"]);

        var second = await feed.RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, second.EventsApplied);
        Assert.Equal(1, second.AvailabilityPushed);
        Assert.Equal(7, (await FindAsync("zanzibarre"))?.Available);

        // Cancelling (a new version of the event document) keeps it in the index, marked cancelled with no seats.
        var events = cosmos.Database.GetContainer(Containers.Events);
        await events.UpsertItemAsync(record with { Status = EventStatus.Cancelled, Version = 2 },
            new PartitionKey(record.Id));

        var third = await feed.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, third.EventsApplied);
        var cancelled = await FindAsync("zanzibarre");
        Assert.Equal(EventStatus.Cancelled, cancelled?.Status);
        Assert.Equal(0, cancelled?.Available);
    }

    [Fact]
    public async Task TheContinuationIsDurableSoARestartedInstanceGoesOnWhereTheLastStopped()
    {
        var (feed, inventory, store) = Instance();
        await feed.RunOnceAsync(CancellationToken.None);
        var record = NewEvent("Quetzalcoatl");
        await inventory.AddTicketsAsync(record.Id, EventCatalog.TicketsOf(record));
        await store.CreateAsync(record);

        var (restarted, _, _) = Instance();
        var afterRestart = await restarted.RunOnceAsync(CancellationToken.None);
        var again = await restarted.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, afterRestart.EventsApplied);
        Assert.Equal(0, again.EventsApplied);
        Assert.NotNull(await FindAsync("quetzalcoatl"));
        var checkpoint = await _leases.ReadItemAsync<ChangeFeedCheckpoint>(SearchChangeFeed.EventsCheckpoint,
            new PartitionKey(SearchChangeFeed.EventsCheckpoint));
        Assert.False(string.IsNullOrEmpty(checkpoint.Resource.Continuation));
    }

    [Fact]
    public async Task TicketChangesMadeWhileNoInstanceRanReachTheIndexThroughTheNextInstance()
    {
        var (feed, inventory, store) = Instance();
        var record = NewEvent("Kilimanjarro");
        await inventory.AddTicketsAsync(record.Id, EventCatalog.TicketsOf(record));
        await store.CreateAsync(record);
        await feed.RunOnceAsync(CancellationToken.None);
        Assert.Equal(10, (await FindAsync("kilimanjarro"))?.Available);

        // The running instance stops; seats sell before the next one starts (its reader starts at the saved position, not "now").
        var (_, seller, _) = Instance();
        await seller.HoldAsync(record.Id, "res-1", ["A-1-1", "A-1-2", "A-1-3"], _time.GetUtcNow().AddMinutes(10));
        var (next, _, _) = Instance();

        var pass = await next.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, pass.AvailabilityPushed);
        Assert.Equal(7, (await FindAsync("kilimanjarro"))?.Available);
    }
}
