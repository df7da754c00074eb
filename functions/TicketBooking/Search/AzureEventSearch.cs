using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Core.Serialization;
using Azure.Search.Documents;
using Azure.Search.Documents.Indexes;
using Azure.Search.Documents.Indexes.Models;
using Azure.Search.Documents.Models;
using TicketBooking.Catalog;
using Microsoft.Extensions.Logging.Abstractions;
using AzureSearchOptions = Azure.Search.Documents.SearchOptions;

namespace TicketBooking.Search;

/// <summary>
/// Event search on Azure AI Search. The index definition (<see cref="Definition"/>) is created or updated at start
/// (<see cref="SearchIndexKeeper"/>); the query is the full Lucene syntax built from <see cref="SearchText"/> words only, so
/// user text is never parsed. A search or a write that finds no index (404) creates it and is tried once more.
/// </summary>
public sealed class AzureEventSearch(SearchIndexClient indexClient, string indexName, ILogger<AzureEventSearch>? logger = null) : IEventSearch
{
    public const string Analyzer = "folding";
    public const string Tokenizer = "folding-words";
    public const string ScoringProfile = "relevance";
    private const int BatchSize = 1000;

    private static readonly string[] Select =
        ["eventId", "name", "performers", "venue", "city", "startsAt", "category", "minPrice", "currency", "available"];

    private readonly SearchClient _client = indexClient.GetSearchClient(indexName);
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>Raised when <see cref="EnsureIndexAsync"/> created the index (it did not exist, so it is empty).</summary>
    public event EventHandler? IndexCreated;

    /// <summary>Client options: camelCase documents, and a transport tests can replace.</summary>
    public static SearchClientOptions ClientOptions(Azure.Core.Pipeline.HttpPipelineTransport? transport = null)
    {
        var options = new SearchClientOptions
        {
            Serializer = new JsonObjectSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web)),
        };
        if (transport is not null)
        {
            options.Transport = transport;
            options.Retry.MaxRetries = 0;
        }

        return options;
    }

    /// <summary>
    /// The index: words folded by a pattern tokenizer plus lowercase and ASCII folding (the same words as
    /// <see cref="SearchText.Tokenize"/>), folded keys for the city and category filters, the raw values as facets.
    /// </summary>
    public static SearchIndex Definition(string name)
    {
        SearchableField Text(string field, bool collection = false) =>
            new(field, collection) { AnalyzerName = Analyzer };

        return new SearchIndex(name)
        {
            Fields =
            {
                new SimpleField("eventId", SearchFieldDataType.String) { IsKey = true, IsFilterable = true, IsSortable = true },
                Text("name"),
                Text("performers", collection: true),
                Text("venue"),
                Text("description"),
                new SimpleField("city", SearchFieldDataType.String) { IsFacetable = true },
                new SimpleField("cityKey", SearchFieldDataType.String) { IsFilterable = true, IsHidden = true },
                new SimpleField("category", SearchFieldDataType.String) { IsFacetable = true },
                new SimpleField("categoryKey", SearchFieldDataType.String) { IsFilterable = true, IsHidden = true },
                new SimpleField("startsAt", SearchFieldDataType.DateTimeOffset) { IsFilterable = true, IsSortable = true },
                new SimpleField("localDate", SearchFieldDataType.Int32) { IsFilterable = true, IsHidden = true },
                new SimpleField("minPrice", SearchFieldDataType.Double),
                new SimpleField("currency", SearchFieldDataType.String),
                new SimpleField("capacity", SearchFieldDataType.Int32),
                new SimpleField("available", SearchFieldDataType.Int32) { IsFilterable = true, IsSortable = true },
                new SimpleField("status", SearchFieldDataType.String) { IsFilterable = true },
            },
            Tokenizers = { new PatternTokenizer(Tokenizer) { Pattern = @"[^\p{L}\p{N}]+", Group = -1 } },
            Analyzers = { new CustomAnalyzer(Analyzer, Tokenizer) { TokenFilters = { TokenFilterName.Lowercase, TokenFilterName.AsciiFolding } } },
            ScoringProfiles =
            {
                new ScoringProfile(ScoringProfile)
                {
                    TextWeights = new TextWeights(SearchRanking.Fields.ToDictionary(f => f.Field, f => (double)f.Weight)),
                },
            },
            DefaultScoringProfile = ScoringProfile,
        };
    }

    /// <summary>
    /// The search text in the full Lucene syntax: per word <c>(word^4 OR word*^2 OR word~1)</c>, all words required.
    /// Words are letters and digits only (<see cref="SearchText"/>), so nothing in them is syntax.
    /// </summary>
    public static string QueryText(IReadOnlyList<string> terms) => terms.Count == 0
        ? "*"
        : string.Join(" AND ", terms.Select(t => t.Length >= SearchText.MinFuzzyLength
            ? $"({t}^{SearchRanking.ExactWeight} OR {t}*^{SearchRanking.PrefixWeight} OR {t}~1)"
            : $"({t}^{SearchRanking.ExactWeight} OR {t}*^{SearchRanking.PrefixWeight})"));

    /// <summary>The OData filter of a query, or null.</summary>
    public static string? Filter(EventSearchQuery query)
    {
        var clauses = new List<string>();
        if (query.StartsNoEarlierThan is { } from)
        {
            clauses.Add($"startsAt ge {from.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}");
        }

        var (first, last) = query.DayRange;
        if (first is not null && first == last)
        {
            clauses.Add($"localDate eq {first}");
        }
        else
        {
            if (first is not null)
            {
                clauses.Add($"localDate ge {first}");
            }

            if (last is not null)
            {
                clauses.Add($"localDate le {last}");
            }
        }

        if (query.CityKey is { } city)
        {
            clauses.Add($"cityKey eq {Quote(city)}");
        }

        if (query.CategoryKey is { } category)
        {
            clauses.Add($"categoryKey eq {Quote(category)}");
        }

        return clauses.Count == 0 ? null : string.Join(" and ", clauses);
    }

    public async Task EnsureIndexAsync(CancellationToken cancellationToken = default)
    {
        var response = await indexClient.CreateOrUpdateIndexAsync(Definition(indexName), cancellationToken: cancellationToken);
        if (response.GetRawResponse().Status == (int)HttpStatusCode.Created)
        {
            _logger.LogInformation("Created search index {IndexName}", indexName);
            IndexCreated?.Invoke(this, EventArgs.Empty);
        }
    }

    public async Task UpsertAsync(IReadOnlyCollection<EventSearchEntry> entries, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in entries.Chunk(BatchSize))
        {
            await IndexAsync(IndexDocumentsBatch.MergeOrUpload(chunk.Select(AzureEventDocument.From)), cancellationToken);
        }
    }

    public async Task DeleteAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in eventIds.Chunk(BatchSize))
        {
            await IndexAsync(IndexDocumentsBatch.Delete("eventId", chunk), cancellationToken);
        }
    }

    public async Task SetAvailabilityAsync(IReadOnlyCollection<EventAvailability> counts, CancellationToken cancellationToken = default)
    {
        // Merge touches only the named fields; a merge of a document that is not (yet) in the index fails alone and is ignored.
        foreach (var chunk in counts.Chunk(BatchSize))
        {
            await IndexAsync(IndexDocumentsBatch.Merge(chunk.Select(c => new SearchDocument { ["eventId"] = c.EventId, ["available"] = c.Available })),
                cancellationToken);
        }
    }

    public Task<EventSearchResult> SearchAsync(EventSearchQuery query, CancellationToken cancellationToken = default) =>
        WithIndexAsync(ct => QueryAsync(query, ct), cancellationToken);

    private async Task<EventSearchResult> QueryAsync(EventSearchQuery query, CancellationToken cancellationToken)
    {
        var hasText = query.Terms.Count > 0;
        var options = new AzureSearchOptions
        {
            QueryType = SearchQueryType.Full,
            SearchMode = SearchMode.All,
            Filter = Filter(query),
            Skip = query.Skip,
            Size = query.PageSize,
            IncludeTotalCount = true,
        };
        foreach (var (field, _) in SearchRanking.Fields)
        {
            options.SearchFields.Add(field);
        }

        foreach (var field in Select)
        {
            options.Select.Add(field);
        }

        options.Facets.Add($"city,count:{SearchFacets.MaxValues}");
        options.Facets.Add($"category,count:{SearchFacets.MaxValues}");
        if (hasText)
        {
            options.OrderBy.Add("search.score() desc");
        }

        options.OrderBy.Add("startsAt asc");
        options.OrderBy.Add("eventId asc");

        var response = await _client.SearchAsync<AzureEventDocument>(QueryText(query.Terms), options, cancellationToken);
        var results = response.Value;
        var items = new List<EventSearchItem>(query.PageSize);
        await foreach (var result in results.GetResultsAsync().WithCancellation(cancellationToken))
        {
            items.Add(result.Document.ToItem());
            if (items.Count == query.PageSize)
            {
                break;
            }
        }

        return new EventSearchResult(items, results.TotalCount ?? items.Count, new SearchFacets(Facet(results, "city"), Facet(results, "category")));
    }

    public async Task<RebuildResult> RebuildAsync(IAsyncEnumerable<EventSearchEntry> entries, CancellationToken cancellationToken = default)
    {
        var started = TimeProvider.System.GetTimestamp();
        await EnsureIndexAsync(cancellationToken);
        var indexed = new HashSet<string>(StringComparer.Ordinal);
        var batch = new List<EventSearchEntry>(BatchSize);
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            batch.Add(entry);
            indexed.Add(entry.EventId);
            if (batch.Count == BatchSize)
            {
                await UpsertAsync(batch, cancellationToken);
                batch.Clear();
            }
        }

        await UpsertAsync(batch, cancellationToken);

        // Documents the catalog no longer has (or that an older run left) go; searches see the index whole throughout.
        var stale = new List<string>();
        await foreach (var id in AllIdsAsync(cancellationToken))
        {
            if (!indexed.Contains(id))
            {
                stale.Add(id);
            }
        }

        await DeleteAsync(stale, cancellationToken);
        return new RebuildResult(indexed.Count, stale.Count, TimeProvider.System.GetElapsedTime(started));
    }

    /// <summary>Every id in the index, in keyset pages (skip is capped at 100,000 by the service).</summary>
    private async IAsyncEnumerable<string> AllIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? last = null;
        while (true)
        {
            var options = new AzureSearchOptions
            {
                QueryType = SearchQueryType.Full,
                Filter = last is null ? null : $"eventId gt {Quote(last)}",
                Size = BatchSize,
            };
            options.Select.Add("eventId");
            options.OrderBy.Add("eventId asc");
            var response = await _client.SearchAsync<SearchDocument>("*", options, cancellationToken);
            var count = 0;
            await foreach (var result in response.Value.GetResultsAsync().WithCancellation(cancellationToken))
            {
                last = result.Document.GetString("eventId");
                count++;
                yield return last;
                if (count == BatchSize)
                {
                    break;
                }
            }

            if (count < BatchSize)
            {
                yield break;
            }
        }
    }

    private async Task IndexAsync<T>(IndexDocumentsBatch<T> batch, CancellationToken cancellationToken)
    {
        if (batch.Actions.Count == 0)
        {
            return;
        }

        var response = await WithIndexAsync(ct => _client.IndexDocumentsAsync(batch, new IndexDocumentsOptions { ThrowOnAnyError = false }, ct),
            cancellationToken);
        var failed = response.Value.Results.Where(r => !r.Succeeded && r.Status != 404).ToList();
        if (failed.Count > 0)
        {
            throw new RequestFailedException(failed[0].Status,
                $"Azure AI Search rejected {failed.Count} of {batch.Actions.Count} documents; the first, '{failed[0].Key}': {failed[0].ErrorMessage}");
        }
    }

    /// <summary>Runs <paramref name="operation"/>; when the index is missing (deleted under the app, or never created), creates it and runs it once more.</summary>
    private async Task<T> WithIndexAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await operation(cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            _logger.LogWarning(ex, "Search index {IndexName} was not found; creating it and trying again", indexName);
            await EnsureIndexAsync(cancellationToken);
            return await operation(cancellationToken);
        }
    }

    private static IReadOnlyList<FacetCount> Facet<T>(SearchResults<T> results, string field) =>
        results.Facets is not null && results.Facets.TryGetValue(field, out var values)
            ? SearchFacets.Order(values.Select(v => new FacetCount(Convert.ToString(v.Value, CultureInfo.InvariantCulture) ?? "", (int)(v.Count ?? 0))))
            : [];

    private static string Quote(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";

    /// <summary>The document shape in the index (camelCase through the client's serializer).</summary>
    public sealed class AzureEventDocument
    {
        public string EventId { get; set; } = "";
        public string Name { get; set; } = "";
        public IReadOnlyList<string> Performers { get; set; } = [];
        public string Venue { get; set; } = "";
        public string? Description { get; set; }
        public string City { get; set; } = "";
        public string? CityKey { get; set; }
        public string Category { get; set; } = "";
        public string? CategoryKey { get; set; }
        public DateTimeOffset StartsAt { get; set; }
        public int? LocalDate { get; set; }
        public double MinPrice { get; set; }
        public string Currency { get; set; } = "";
        public int? Capacity { get; set; }
        public int? Available { get; set; }

        /// <summary><c>scheduled</c> or <c>cancelled</c> (documents written before the field existed have none: scheduled).</summary>
        public string? Status { get; set; }

        public static AzureEventDocument From(EventSearchEntry e) => new()
        {
            EventId = e.EventId,
            Name = e.Name,
            Performers = e.Performers,
            Venue = e.Venue,
            Description = e.Description,
            City = e.City,
            CityKey = SearchText.Key(e.City),
            Category = e.Category,
            CategoryKey = SearchText.Key(e.Category),
            StartsAt = e.StartsAt,
            LocalDate = EventSearchQuery.DayNumber(e.StartsAt),
            MinPrice = (double)e.MinPrice,
            Currency = e.Currency,
            Capacity = e.Capacity,
            Available = e.Available,
            Status = e.Status == EventStatus.Cancelled ? "cancelled" : "scheduled",
        };

        public EventSearchItem ToItem() =>
            new(EventId, Name, Performers, Venue, City, StartsAt, Category, (decimal)MinPrice, Currency, Available ?? 0,
                Status == "cancelled" ? EventStatus.Cancelled : EventStatus.Scheduled);
    }
}
