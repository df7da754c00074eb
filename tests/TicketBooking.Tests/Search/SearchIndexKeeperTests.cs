using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TicketBooking.Catalog;
using TicketBooking.Inventory;
using TicketBooking.Search;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Search;

/// <summary>The Azure AI Search index is created at start whatever the service does then, and comes back when it goes.</summary>
public sealed class SearchIndexKeeperTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly FakeAzureSearch _service = new();
    private readonly InMemoryEventStore _store = new();
    private readonly RecordingLogger<SearchIndexKeeper> _log = new();
    private readonly AzureEventSearch _search;
    private readonly SearchIndexKeeper _keeper;

    public SearchIndexKeeperTests()
    {
        var time = TimeProvider.System;
        var board = new AvailabilityBoard(time);
        _search = AzureEventSearchTests.Create(_service);
        var indexer = new SearchIndexer(_search, _store, new InMemoryTicketInventory(board, time), board, time, NullLogger<SearchIndexer>.Instance);
        _keeper = new SearchIndexKeeper(_search, indexer, new RetryBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(40)), time, _log);
    }

    public async Task InitializeAsync() => await _store.CreateAsync(new EventRecord("evt-keeper-1", "Zanzibarre Live", ["The Zanzibarre"], "concert",
        "A test event.", new Venue("Hudson Hall", "New York", "1 River Road"), SearchTestCatalog.Now.AddDays(20),
        [new SectionLayout("A", 2, 5, 30m, "USD")], EventStatus.Scheduled, "org-1", SearchTestCatalog.Now));

    public async Task DisposeAsync()
    {
        await _keeper.StopAsync(CancellationToken.None);
        _keeper.Dispose();
    }

    private int IndexPuts => _service.Requests.Count(r => r.Method == "PUT");

    private async Task<long> TotalAsync() =>
        (await _search.SearchAsync(EventSearchQuery.Create(from: new DateOnly(2000, 1, 1), now: SearchTestCatalog.Now))).Total;

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold in time");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task AServiceThatFailsAtStartGetsTheIndexOnceItAnswers()
    {
        _service.FailIndexCreations(3);

        await _keeper.StartAsync(CancellationToken.None);
        await _keeper.Ready.WaitAsync(Patience);

        Assert.NotNull(_service.IndexDefinition);
        Assert.True(IndexPuts >= 4, "three failed index definitions, then the one that succeeded (a refill adds one more)");
        var failures = _log.Entries.Where(e => e.Level == LogLevel.Error).ToArray();
        Assert.Equal(3, failures.Length);
        Assert.All(failures, f => Assert.Equal("{Operation} failed (attempt {Attempt}); trying again in {Delay}", f.Template));
        Assert.Contains("attempt 3", failures[2].Message, StringComparison.Ordinal);
        // The new index is empty, so the catalog is indexed into it.
        await EventuallyAsync(async () => await TotalAsync() == 1);
    }

    [Fact]
    public async Task AnIndexDeletedUnderTheRunningAppComesBackWithTheCatalog()
    {
        await _keeper.StartAsync(CancellationToken.None);
        await _keeper.Ready.WaitAsync(Patience);
        await EventuallyAsync(async () => await TotalAsync() == 1);

        _service.DeleteIndex();

        // The next query re-creates the index and answers (empty at first), then the catalog refills it.
        var answer = await _search.SearchAsync(EventSearchQuery.Create("zanzibarre", now: SearchTestCatalog.Now));
        Assert.InRange(answer.Total, 0, 1);
        Assert.NotNull(_service.IndexDefinition);
        await EventuallyAsync(async () => await TotalAsync() == 1);
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(4, 40)]
    [InlineData(100, 40)]
    public void TheWaitDoublesUpToItsCap(int attempt, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), new RetryBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(40)).Delay(attempt));
}
