using System.Text.Json.Nodes;
using Azure;
using Azure.Core.Pipeline;
using Azure.Search.Documents.Indexes;
using TicketBooking.Search;

namespace TicketBooking.Tests.Search;

/// <summary>
/// The query suite against the Azure AI Search engine: the real <c>SearchClient</c> sends its requests through a custom
/// transport to <see cref="FakeAzureSearch"/>, which checks them and answers with the brute-force result.
/// </summary>
public sealed class AzureEventSearchTests : EventSearchContract
{
    private readonly FakeAzureSearch _service = new();

    protected override Task<IEventSearch> CreateAsync() => Task.FromResult<IEventSearch>(Create(_service));

    public static AzureEventSearch Create(FakeAzureSearch service) =>
        new(new SearchIndexClient(FakeAzureSearch.Endpoint, new AzureKeyCredential("test-key"),
            AzureEventSearch.ClientOptions(new HttpClientTransport(new HttpClient(service)))), "events");

    private FakeAzureSearch.Recorded LastSearch() =>
        _service.Requests.Last(r => r.PathAndQuery.StartsWith("/indexes('events')/docs/search.post.search?", StringComparison.Ordinal));

    [Fact]
    public async Task ASearchIsOnePostWithTheWholeQueryInItsBody()
    {
        await Search.SearchAsync(Query("Coldpaly  tay", city: "São Paulo", from: new DateOnly(2027, 3, 2), to: new DateOnly(2027, 3, 9),
            category: "Concert", page: 3, pageSize: 10));

        var request = LastSearch();
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/indexes('events')/docs/search.post.search?api-version={FakeAzureSearch.ApiVersion}", request.PathAndQuery);
        var expected = JsonNode.Parse("""
            {
              "count": true,
              "facets": ["city,count:50", "category,count:50"],
              "filter": "localDate ge 20270302 and localDate le 20270309 and cityKey eq 'sao paulo' and categoryKey eq 'concert'",
              "orderby": "search.score() desc,startsAt asc,eventId asc",
              "queryType": "full",
              "search": "(coldpaly^4 OR coldpaly*^2 OR coldpaly~1) AND (tay^4 OR tay*^2)",
              "searchFields": "name,performers,venue,description",
              "searchMode": "all",
              "select": "eventId,name,performers,venue,city,startsAt,category,minPrice,currency,available",
              "skip": 20,
              "top": 10
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, request.Body), request.Body!.ToJsonString());
    }

    [Fact]
    public async Task WithoutWordsOrDatesItAsksForUpcomingEventsByDate()
    {
        await Search.SearchAsync(Query("  \"*\" :: () "));

        var body = LastSearch().Body!;
        Assert.Equal("*", (string?)body["search"]);
        Assert.Equal("startsAt ge 2027-03-01T12:00:00Z", (string?)body["filter"]);
        Assert.Equal("startsAt asc,eventId asc", (string?)body["orderby"]);
    }

    [Fact]
    public async Task ACitysPunctuationNeverReachesTheFilter()
    {
        await Search.SearchAsync(Query(city: "L'Île-d'Orléans) or true or ('"));

        Assert.EndsWith("cityKey eq 'l ile d orleans or true or'", (string?)LastSearch().Body!["filter"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheIndexDefinitionFoldsAccentsAndWeighsTheFields()
    {
        var definition = _service.IndexDefinition!;

        Assert.Equal("folding", (string?)definition["fields"]!.AsArray().Single(f => (string?)f!["name"] == "name")!["analyzer"]);
        Assert.Equal(["lowercase", "asciifolding"], definition["analyzers"]![0]!["tokenFilters"]!.AsArray().Select(f => (string)f!));
        Assert.Equal(@"[^\p{L}\p{N}]+", (string?)definition["tokenizers"]![0]!["pattern"]);
        Assert.Equal("relevance", (string?)definition["defaultScoringProfile"]);
        Assert.Equal(3.0, (double)definition["scoringProfiles"]![0]!["text"]!["weights"]!["name"]!);
        Assert.True((bool)definition["fields"]!.AsArray().Single(f => (string?)f!["name"] == "city")!["facetable"]!);
    }

    [Fact]
    public async Task AvailabilityIsAMergeOfOneField()
    {
        await Search.SetAvailabilityAsync([new EventAvailability("evt-x-kiez", 7)]);

        var batch = _service.Requests.Last(r => r.PathAndQuery.Contains("/docs/search.index", StringComparison.Ordinal)).Body!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"value":[{"@search.action":"merge","eventId":"evt-x-kiez","available":7}]}"""), batch),
            batch.ToJsonString());
    }

    [Fact]
    public async Task TheServiceRejectingDocumentsIsAnError()
    {
        var broken = SearchTestCatalog.Entries[0] with { EventId = "" };

        await Assert.ThrowsAnyAsync<RequestFailedException>(() => Search.UpsertAsync([broken]));
    }

    [Fact]
    public async Task AQueryAfterTheIndexWasDeletedRecreatesItAndAnswers()
    {
        _service.DeleteIndex();

        var result = await Search.SearchAsync(Query("coldplay"));

        Assert.Equal(0, result.Total);
        Assert.NotNull(_service.IndexDefinition);
        Assert.Equal(2, _service.Requests.Count(r => r.Method == "PUT"));
    }

    [Fact]
    public async Task AWriteAfterTheIndexWasDeletedRecreatesItAndIsApplied()
    {
        _service.DeleteIndex();
        var entry = SearchTestCatalog.Entries[0];

        await Search.UpsertAsync([entry]);
        await Search.SetAvailabilityAsync([new EventAvailability(entry.EventId, 3)]);

        var found = await Search.SearchAsync(Query(from: new DateOnly(2000, 1, 1)));
        Assert.Equal(entry.EventId, Assert.Single(found.Items).EventId);
        Assert.Equal(3, found.Items[0].Available);
    }
}
