using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TicketBooking.Search;

namespace TicketBooking.Tests.Search;

/// <summary>
/// Azure AI Search in process, behind the real <c>SearchClient</c> (through <c>SearchClientOptions.Transport</c>). It
/// accepts only the requests <see cref="AzureEventSearch"/> should send: it parses the search text, filter, order and
/// facets back into the rules of docs/search.md, fails on anything else, and answers with the brute-force result
/// (<see cref="ReferenceSearch"/>) over the documents it was sent, so the query suite's assertions hold.
/// </summary>
public sealed partial class FakeAzureSearch : HttpMessageHandler
{
    public const string ApiVersion = "2023-11-01";
    public static readonly Uri Endpoint = new("https://fake-search.search.windows.net");

    private readonly string _index;
    private readonly Dictionary<string, JsonObject> _documents = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public FakeAzureSearch(string index = "events") => _index = index;

    public sealed record Recorded(string Method, string PathAndQuery, JsonNode? Body);

    public List<Recorded> Requests { get; } = [];

    /// <summary>The index definition, or null while there is no index (docs requests then get 404, as from the service).</summary>
    public JsonNode? IndexDefinition { get; private set; }

    private int _failCreations;

    /// <summary>The next <paramref name="times"/> index definitions fail with 503.</summary>
    public void FailIndexCreations(int times) => Interlocked.Exchange(ref _failCreations, times);

    /// <summary>Deletes the index and its documents, as someone might in the portal.</summary>
    public void DeleteIndex()
    {
        lock (_gate)
        {
            IndexDefinition = null;
            _documents.Clear();
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var json = string.IsNullOrEmpty(body) ? null : JsonNode.Parse(body);
        var path = request.RequestUri!.AbsolutePath;
        lock (_gate)
        {
            Requests.Add(new Recorded(request.Method.Method, request.RequestUri.PathAndQuery, json?.DeepClone()));
        }

        try
        {
            Assert.Equal(Endpoint.Host, request.RequestUri.Host);
            Assert.Equal("https", request.RequestUri.Scheme);
            Assert.Contains($"api-version={ApiVersion}", request.RequestUri.Query, StringComparison.Ordinal);
            Assert.True(request.Headers.Contains("api-key") || request.Headers.Authorization is not null, "requests are signed");

            if (path.StartsWith($"/indexes('{_index}')/docs", StringComparison.Ordinal) && IndexDefinition is null)
            {
                return Answer(HttpStatusCode.NotFound, new JsonObject
                {
                    ["error"] = new JsonObject { ["code"] = "", ["message"] = $"The index '{_index}' for service 'fake-search' was not found." },
                });
            }

            if (request.Method.Method == "PUT" && Interlocked.Decrement(ref _failCreations) >= 0)
            {
                return Answer(HttpStatusCode.ServiceUnavailable, new JsonObject { ["error"] = new JsonObject { ["code"] = "", ["message"] = "Service unavailable." } });
            }

            return (request.Method.Method, path) switch
            {
                ("PUT", var p) when p == $"/indexes('{_index}')" => Answer(IndexDefinition is null ? HttpStatusCode.Created : HttpStatusCode.OK, DefineIndex(json!)),
                ("POST", var p) when p == $"/indexes('{_index}')/docs/search.index" => Answer(HttpStatusCode.OK, IndexDocuments(json!)),
                ("POST", var p) when p == $"/indexes('{_index}')/docs/search.post.search" => Answer(HttpStatusCode.OK, Search(json!)),
                _ => throw new InvalidOperationException($"Unexpected request {request.Method} {request.RequestUri.PathAndQuery}"),
            };
        }
        catch (Exception ex)
        {
            // The SDK turns this into a RequestFailedException, which fails the test with this message.
            return Answer(HttpStatusCode.BadRequest, new JsonObject { ["error"] = new JsonObject { ["code"] = "FakeRejected", ["message"] = ex.Message } });
        }
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, JsonNode body) => new(status)
    {
        Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
    };

    private JsonNode DefineIndex(JsonNode definition)
    {
        Assert.Equal(_index, (string?)definition["name"]);
        IndexDefinition = definition.DeepClone();
        return definition.DeepClone();
    }

    private JsonNode IndexDocuments(JsonNode batch)
    {
        var results = new JsonArray();
        lock (_gate)
        {
            foreach (var action in batch["value"]!.AsArray())
            {
                var document = action!.AsObject().DeepClone().AsObject();
                var kind = (string)document["@search.action"]!;
                document.Remove("@search.action");
                var key = (string)document["eventId"]!;
                var status = 200;
                switch (kind)
                {
                    case not "delete" when key.Length == 0:
                        status = 400;
                        break;
                    case "mergeOrUpload" or "upload":
                        Assert.Equal(SearchText.Key((string?)document["city"]), (string?)document["cityKey"]);
                        Assert.Equal(SearchText.Key((string?)document["category"]), (string?)document["categoryKey"]);
                        Assert.Equal(EventSearchQuery.DayNumber(document["startsAt"]!.GetValue<DateTimeOffset>()), (int)document["localDate"]!);
                        _documents[key] = kind == "upload" || !_documents.TryGetValue(key, out var existing) ? document : Merge(existing, document);
                        break;
                    case "merge":
                        if (_documents.TryGetValue(key, out var current))
                        {
                            _documents[key] = Merge(current, document);
                        }
                        else
                        {
                            status = 404;
                        }

                        break;
                    case "delete":
                        _documents.Remove(key);
                        break;
                    default:
                        throw new InvalidOperationException($"Unknown action {kind}");
                }

                results.Add(new JsonObject { ["key"] = key, ["status"] = status < 400, ["errorMessage"] = status < 400 ? null : status == 404 ? "Not found" : "Invalid key", ["statusCode"] = status });
            }
        }

        return new JsonObject { ["value"] = results };
    }

    private JsonNode Search(JsonNode request)
    {
        var body = request.AsObject();
        var select = ((string?)body["select"])?.Split(',') ?? [];
        var filter = ParseFilter((string?)body["filter"]);

        // The id sweep of a rebuild: everything after the last id seen, by id.
        if (select is ["eventId"])
        {
            Assert.Equal("*", (string?)body["search"]);
            Assert.Equal("eventId asc", (string?)body["orderby"]);
            var top = (int)body["top"]!;
            List<string> ids;
            lock (_gate)
            {
                ids = _documents.Keys.Where(id => filter.IdAfter is null || string.CompareOrdinal(id, filter.IdAfter) > 0)
                    .Order(StringComparer.Ordinal).Take(top).ToList();
            }

            return new JsonObject { ["value"] = new JsonArray(ids.Select(id => (JsonNode)new JsonObject { ["@search.score"] = 1.0, ["eventId"] = id }).ToArray()) };
        }

        Assert.Equal("full", (string?)body["queryType"]);
        Assert.Equal("all", (string?)body["searchMode"]);
        Assert.True((bool)body["count"]!);
        Assert.Equal("name,performers,venue,description", (string?)body["searchFields"]);
        Assert.Equal("eventId,name,performers,venue,city,startsAt,category,minPrice,currency,available", (string?)body["select"]);
        Assert.Equal(["city,count:50", "category,count:50"], body["facets"]!.AsArray().Select(f => (string)f!));
        var terms = ParseSearch((string)body["search"]!);
        Assert.Equal(terms.Count > 0 ? "search.score() desc,startsAt asc,eventId asc" : "startsAt asc,eventId asc", (string?)body["orderby"]);

        List<EventSearchEntry> entries;
        lock (_gate)
        {
            entries = _documents.Values.Select(ToEntry).ToList();
        }

        var skip = (int?)body["skip"] ?? 0;
        var size = (int)body["top"]!;
        var result = ReferenceSearch.Run(entries, terms, filter.Reference, skip, size);
        JsonArray Facet(IReadOnlyList<FacetCount> counts) =>
            new(counts.Select(c => (JsonNode)new JsonObject { ["value"] = c.Value, ["count"] = c.Count }).ToArray());

        var byId = entries.ToDictionary(e => e.EventId);
        return new JsonObject
        {
            ["@odata.count"] = result.Total,
            ["@search.facets"] = new JsonObject { ["city"] = Facet(result.Facets.City), ["category"] = Facet(result.Facets.Category) },
            ["value"] = new JsonArray(result.Items.Select(i =>
            {
                JsonNode document;
                lock (_gate)
                {
                    document = _documents[i.EventId].DeepClone();
                }

                var selected = new JsonObject { ["@search.score"] = ReferenceSearch.Score(byId[i.EventId], terms) };
                foreach (var field in select)
                {
                    selected[field] = document[field]?.DeepClone();
                }

                return (JsonNode)selected;
            }).ToArray()),
        };
    }

    private static JsonObject Merge(JsonObject current, JsonObject changes)
    {
        var merged = current.DeepClone().AsObject();
        foreach (var (name, value) in changes)
        {
            merged[name] = value?.DeepClone();
        }

        return merged;
    }

    private static EventSearchEntry ToEntry(JsonObject d) => new(
        (string)d["eventId"]!, (string)d["name"]!, d["performers"]!.AsArray().Select(p => (string)p!).ToArray(), (string)d["venue"]!,
        (string)d["city"]!, (string?)d["description"] ?? "", (string)d["category"]!, d["startsAt"]!.GetValue<DateTimeOffset>(),
        (decimal)(double)d["minPrice"]!, (string)d["currency"]!, (int?)d["capacity"] ?? 0, (int?)d["available"] ?? 0);

    /// <summary>The words of a search text in the one shape the engine builds: <c>(w^4 OR w*^2 OR w~1) AND ...</c>.</summary>
    private static List<string> ParseSearch(string search)
    {
        if (search == "*")
        {
            return [];
        }

        var terms = new List<string>();
        foreach (var group in search.Split(" AND "))
        {
            var match = TermGroup().Match(group);
            Assert.True(match.Success, $"unexpected search group '{group}' in '{search}'");
            var term = match.Groups["t"].Value;
            Assert.Equal(term, SearchText.Key(term));
            Assert.Equal(term.Length >= SearchText.MinFuzzyLength, match.Groups["fuzzy"].Success);
            terms.Add(term);
        }

        return terms;
    }

    private sealed record ParsedFilter(ReferenceFilter Reference, string? IdAfter);

    /// <summary>Conjunctions of <c>field op literal</c>, the only filters the engine builds.</summary>
    private static ParsedFilter ParseFilter(string? filter)
    {
        DateTimeOffset? startsFrom = null;
        int? first = null, last = null;
        string? city = null, category = null, idAfter = null;
        if (filter is not null)
        {
            foreach (Match clause in FilterClause().Matches(filter))
            {
                var (field, op, value) = (clause.Groups["field"].Value, clause.Groups["op"].Value, clause.Groups["value"].Value);
                string Text() => value[1..^1].Replace("''", "'", StringComparison.Ordinal);
                switch (field, op)
                {
                    case ("startsAt", "ge"):
                        startsFrom = DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);
                        break;
                    case ("localDate", "eq"):
                        first = last = int.Parse(value, CultureInfo.InvariantCulture);
                        break;
                    case ("localDate", "ge"):
                        first = int.Parse(value, CultureInfo.InvariantCulture);
                        break;
                    case ("localDate", "le"):
                        last = int.Parse(value, CultureInfo.InvariantCulture);
                        break;
                    case ("cityKey", "eq"):
                        city = Text();
                        break;
                    case ("categoryKey", "eq"):
                        category = Text();
                        break;
                    case ("eventId", "gt"):
                        idAfter = Text();
                        break;
                    default:
                        throw new InvalidOperationException($"unexpected filter clause '{clause.Value}'");
                }
            }

            var rebuilt = string.Join(" and ", FilterClause().Matches(filter).Select(m => m.Value));
            Assert.Equal(filter, rebuilt);
        }

        return new ParsedFilter(new ReferenceFilter(startsFrom, first, last, city, category), idAfter);
    }

    [GeneratedRegex(@"^\((?<t>[\p{L}\p{N}]+)\^4 OR \k<t>\*\^2(?<fuzzy> OR \k<t>~1)?\)$")]
    private static partial Regex TermGroup();

    [GeneratedRegex(@"(?<field>\w+) (?<op>eq|ge|le|gt) (?<value>'(?:[^']|'')*'|[0-9TZ:\-\.]+)")]
    private static partial Regex FilterClause();
}
