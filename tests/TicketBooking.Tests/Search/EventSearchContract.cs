using TicketBooking.Search;

namespace TicketBooking.Tests.Search;

/// <summary>
/// The query suite every <see cref="IEventSearch"/> passes: results, totals and facets equal the brute-force answer
/// (<see cref="ReferenceSearch"/>) on the generated catalog, plus the behaviours people rely on.
/// </summary>
public abstract class EventSearchContract : IAsyncLifetime
{
    private IEventSearch _search = null!;

    protected static DateTimeOffset Now => SearchTestCatalog.Now;

    protected IEventSearch Search => _search;

    /// <summary>A new, empty index.</summary>
    protected abstract Task<IEventSearch> CreateAsync();

    public async Task InitializeAsync()
    {
        _search = await CreateAsync();
        await _search.EnsureIndexAsync();
        await _search.UpsertAsync(SearchTestCatalog.Entries.ToArray());
    }

    public virtual Task DisposeAsync()
    {
        (_search as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    protected static EventSearchQuery Query(string? text = null, string? city = null, DateOnly? date = null, DateOnly? from = null,
        DateOnly? to = null, string? category = null, int page = 1, int pageSize = 20) =>
        EventSearchQuery.Create(text, city, date, from, to, category, page, pageSize, Now);

    protected async Task<EventSearchResult> AssertMatchesReferenceAsync(EventSearchQuery query, IEnumerable<EventSearchEntry>? entries = null)
    {
        var expected = ReferenceSearch.Run(entries ?? SearchTestCatalog.Entries, query);
        var actual = await Search.SearchAsync(query);

        var describe = $"query {query}";
        Assert.True(expected.Total == actual.Total, $"{describe}: total {actual.Total}, expected {expected.Total}");
        Assert.Equal(expected.Items.Select(Line), actual.Items.Select(Line));
        Assert.Equal(expected.Facets.City, actual.Facets.City);
        Assert.Equal(expected.Facets.Category, actual.Facets.Category);
        return actual;
    }

    protected static async IAsyncEnumerable<EventSearchEntry> Stream(IEnumerable<EventSearchEntry> entries)
    {
        foreach (var entry in entries)
        {
            yield return entry;
        }

        await Task.CompletedTask;
    }

    private static string Line(EventSearchItem i) =>
        $"{i.EventId}|{i.Name}|{string.Join(",", i.Performers)}|{i.Venue}|{i.City}|{i.StartsAt.UtcTicks}|{i.Category}|{i.MinPrice}|{i.Currency}|{i.Available}";

    [Fact]
    public async Task EveryGeneratedQueryGivesTheBruteForceAnswer()
    {
        var queries = SearchTestCatalog.RandomQueries(250).ToList();

        foreach (var query in queries)
        {
            await AssertMatchesReferenceAsync(query);
        }

        // Guards against a suite that passes on empty answers.
        var totals = new List<long>();
        foreach (var query in queries)
        {
            totals.Add(ReferenceSearch.Run(SearchTestCatalog.Entries, query).Total);
        }

        Assert.True(totals.Count(t => t > 0) > queries.Count / 2, $"most generated queries should find something; {totals.Count(t => t > 0)} did");
    }

    [Fact]
    public async Task APrefixFindsTheWholeWord()
    {
        var result = await AssertMatchesReferenceAsync(Query("tay"));

        Assert.NotEmpty(result.Items);
        Assert.All(result.Items, i => Assert.Contains(i.Performers.Append(i.Name), p => p.Contains("Taylor", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task OneTypoStillFindsTheWord()
    {
        var result = await AssertMatchesReferenceAsync(Query("coldpaly"));

        Assert.NotEmpty(result.Items);
        Assert.All(result.Items, i => Assert.Contains("Coldplay Tribute Orchestra", i.Performers));
    }

    [Fact]
    public async Task AnExactWordRanksAboveATypoAndEqualMatchesRankByDate()
    {
        var result = await AssertMatchesReferenceAsync(Query("brooks", pageSize: 100));

        var scores = result.Items.Select(i => ReferenceSearch.Score(SearchTestCatalog.Entries.Single(e => e.EventId == i.EventId), ["brooks"])).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        foreach (var tier in result.Items.Zip(scores).GroupBy(x => x.Second))
        {
            Assert.Equal(tier.Select(x => x.First.StartsAt).Order(), tier.Select(x => x.First.StartsAt));
        }
    }

    [Theory]
    [InlineData("\"taylor\" AND (brooks*)")]
    [InlineData("AC/DC: Back (in) Black* \"Live\" ~ AND OR")]
    [InlineData("name:taylor OR city:paris")]
    [InlineData("*")]
    [InlineData("?")]
    [InlineData("~coldplay~2")]
    [InlineData("taylor^10 -brooks +aurora")]
    [InlineData("[a TO z] {b TO c}")]
    [InlineData("\\ / ! && || ^ \" ( ) :")]
    [InlineData("AND")]
    [InlineData("OR NOT AND")]
    [InlineData("'; DROP TABLE events; --")]
    [InlineData("$filter=city eq 'x'")]
    public async Task QuerySyntaxInTheSearchTermIsPlainWords(string text) => await AssertMatchesReferenceAsync(Query(text));

    [Fact]
    public async Task TheOddlyNamedEventIsFoundByItsWords()
    {
        var result = await AssertMatchesReferenceAsync(Query("ac dc back in black live"));

        Assert.Equal("evt-x-acdc", Assert.Single(result.Items).EventId);
    }

    [Theory]
    [InlineData("São Paulo")]
    [InlineData("sao paulo")]
    [InlineData("SÃO PAULO")]
    [InlineData("  Sao   Paulo ")]
    public async Task CityMatchesWithoutCaseOrAccents(string city)
    {
        var result = await AssertMatchesReferenceAsync(Query(city: city, pageSize: 100));

        Assert.True(result.Total > 1);
        Assert.All(result.Items, i => Assert.Equal("sao paulo", SearchText.Key(i.City)));
        Assert.Contains(result.Items, i => i.City == "Sao Paulo");
        Assert.Contains(result.Items, i => i.City == "São Paulo");
    }

    [Theory]
    [InlineData("zurich", "Zürich")]
    [InlineData("MONTREAL", "Montréal")]
    public async Task AccentedCitiesAreFoundWithoutTheAccent(string typed, string city)
    {
        var result = await AssertMatchesReferenceAsync(Query(city: typed));

        Assert.True(result.Total > 0);
        Assert.All(result.Items, i => Assert.Equal(city, i.City));
    }

    [Fact]
    public async Task WordsWithAccentsMatchWithoutThem()
    {
        var result = await AssertMatchesReferenceAsync(Query("strassenfest aerzte"));

        Assert.Equal("evt-x-kiez", Assert.Single(result.Items).EventId);
    }

    [Fact]
    public async Task OnlyUpcomingEventsUnlessFromSaysOtherwise()
    {
        var upcoming = await AssertMatchesReferenceAsync(Query("taylor", pageSize: 100));
        var fromThePast = await AssertMatchesReferenceAsync(Query("taylor", from: DateOnly.FromDateTime(Now.DateTime).AddDays(-10), pageSize: 100));

        Assert.All(upcoming.Items, i => Assert.True(i.StartsAt >= Now));
        Assert.DoesNotContain(upcoming.Items, i => i.EventId == "evt-x-past");
        Assert.Contains(fromThePast.Items, i => i.EventId == "evt-x-past");
    }

    [Fact]
    public async Task ADateIsOneLocalDayAndFromToIsAnInclusiveRange()
    {
        var day = DateOnly.FromDateTime(SearchTestCatalog.Entries[100].StartsAt.DateTime);

        var oneDay = await AssertMatchesReferenceAsync(Query(date: day, pageSize: 100));
        var range = await AssertMatchesReferenceAsync(Query(from: day, to: day.AddDays(6), pageSize: 100));

        Assert.All(oneDay.Items, i => Assert.Equal(day, DateOnly.FromDateTime(i.StartsAt.DateTime)));
        Assert.All(range.Items, i => Assert.InRange(DateOnly.FromDateTime(i.StartsAt.DateTime), day, day.AddDays(6)));
        Assert.True(range.Total > oneDay.Total);
    }

    [Fact]
    public async Task CategoryIsExactAndFacetsCountEveryMatch()
    {
        var all = await AssertMatchesReferenceAsync(Query());
        var sports = await AssertMatchesReferenceAsync(Query(category: "sports"));

        Assert.Equal(all.Facets.Category.Single(c => c.Value == "sports").Count, sports.Total);
        Assert.Equal(all.Total, all.Facets.City.Sum(c => c.Count));
        Assert.Equal(0, (await Search.SearchAsync(Query(category: "sport"))).Total);
    }

    [Fact]
    public async Task PagesFollowOneAnother()
    {
        var pages = new List<EventSearchItem>();
        for (var page = 1; page <= 3; page++)
        {
            pages.AddRange((await AssertMatchesReferenceAsync(Query("live", page: page, pageSize: 7))).Items);
        }

        var together = await Search.SearchAsync(Query("live", pageSize: 21));
        Assert.Equal(together.Items.Select(i => i.EventId), pages.Select(i => i.EventId));
    }

    [Fact]
    public async Task AnUpsertReplacesTheEventAndADeleteRemovesIt()
    {
        var original = SearchTestCatalog.Entries.First(e => e.StartsAt > Now);
        var renamed = original with { Name = "Quixotic Zephyr Night" };

        await Search.UpsertAsync([renamed]);
        var found = await Search.SearchAsync(Query("quixotic"));
        await Search.DeleteAsync([original.EventId, "evt-never-indexed"]);
        var gone = await Search.SearchAsync(Query("quixotic"));

        Assert.Equal(original.EventId, Assert.Single(found.Items).EventId);
        Assert.Equal(0, gone.Total);
        Assert.Equal(SearchTestCatalog.Entries.Count - 1, (await Search.SearchAsync(Query(from: new DateOnly(2000, 1, 1)))).Total);
    }

    [Fact]
    public async Task AvailabilityChangesShowInResults()
    {
        var entry = SearchTestCatalog.Entries.Single(e => e.EventId == "evt-x-kiez");

        await Search.SetAvailabilityAsync([new EventAvailability(entry.EventId, 42), new EventAvailability("evt-never-indexed", 1)]);

        var item = Assert.Single((await Search.SearchAsync(Query("strassenfest"))).Items);
        Assert.Equal(42, item.Available);
        Assert.Equal(entry.Name, item.Name);
    }

    [Fact]
    public async Task ARebuildLeavesExactlyTheGivenEvents()
    {
        var kept = SearchTestCatalog.Entries.Where((_, i) => i % 3 == 0).ToList();

        var result = await Search.RebuildAsync(Stream(kept));

        Assert.Equal(kept.Count, result.Indexed);
        Assert.Equal(SearchTestCatalog.Entries.Count - kept.Count, result.Removed);
        await AssertMatchesReferenceAsync(Query(from: new DateOnly(2000, 1, 1), pageSize: 50), kept);
        await AssertMatchesReferenceAsync(Query("live"), kept);
    }
}
