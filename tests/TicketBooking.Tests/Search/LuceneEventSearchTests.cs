using TicketBooking.Search;
using TicketBooking.Search.Lucene;

namespace TicketBooking.Tests.Search;

/// <summary>The query suite against Lucene.Net for real, in memory.</summary>
public sealed class LuceneEventSearchTests : EventSearchContract
{
    protected override Task<IEventSearch> CreateAsync() => Task.FromResult<IEventSearch>(new LuceneEventSearch());

    [Fact]
    public async Task AnIndexInAFolderSurvivesARestart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "tb-search-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var first = new LuceneEventSearch(folder))
            {
                await first.UpsertAsync(SearchTestCatalog.Entries.Take(50).ToArray());
            }

            using var second = new LuceneEventSearch(folder);
            var result = await second.SearchAsync(Query(from: new DateOnly(2000, 1, 1)));

            Assert.Equal(50, result.Total);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task AnEqualSearchReusesTheAnswerUntilTheNextWrite()
    {
        var first = await Search.SearchAsync(Query("strassenfest"));
        var equal = await Search.SearchAsync(Query("  STRAßENFEST! "));

        await Search.SetAvailabilityAsync([new EventAvailability("evt-x-kiez", 5)]);
        var afterWrite = await Search.SearchAsync(Query("strassenfest"));

        Assert.Same(first, equal);
        Assert.Equal(0, Assert.Single(first.Items).Available);
        Assert.Equal(5, Assert.Single(afterWrite.Items).Available);
    }

    [Fact]
    public async Task SearchesRunWhileTheIndexChanges()
    {
        var writes = Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await Search.SetAvailabilityAsync([new EventAvailability(SearchTestCatalog.Entries[i].EventId, i)]);
            }
        });

        while (!writes.IsCompleted)
        {
            Assert.Equal(SearchTestCatalog.Entries.Count, (await Search.SearchAsync(Query(from: new DateOnly(2000, 1, 1)))).Total);
        }

        await writes;
    }
}
