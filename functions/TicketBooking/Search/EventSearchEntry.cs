using TicketBooking.Catalog;

namespace TicketBooking.Search;

/// <summary>What the index holds of one event: the searchable text, the filter and facet values, and the result fields.</summary>
public sealed record EventSearchEntry(
    string EventId,
    string Name,
    IReadOnlyList<string> Performers,
    string Venue,
    string City,
    string Description,
    string Category,
    DateTimeOffset StartsAt,
    decimal MinPrice,
    string Currency,
    int Capacity,
    int Available)
{
    /// <summary>The entry of a scheduled event, with its current number of available seats.</summary>
    public static EventSearchEntry From(EventRecord record, int available) =>
        new(record.Id, record.Name, record.Performers, record.Venue.Name, record.Venue.City, record.Description, record.Category,
            record.StartsAt, record.Sections.Count == 0 ? 0 : record.Sections.Min(s => s.Price),
            record.Sections.FirstOrDefault()?.Currency ?? "", record.Capacity, available);

    /// <summary>The text of a searchable field (<see cref="SearchRanking.Fields"/>).</summary>
    public string TextOf(string field) => field switch
    {
        SearchRanking.NameField => Name,
        SearchRanking.PerformersField => string.Join(" | ", Performers),
        SearchRanking.VenueField => Venue,
        SearchRanking.DescriptionField => Description,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a searchable field."),
    };

    public EventSearchItem ToItem() => new(EventId, Name, Performers, Venue, City, StartsAt, Category, MinPrice, Currency, Available);
}

/// <summary>The number of seats an event has available now.</summary>
public sealed record EventAvailability(string EventId, int Available);

/// <summary>One result of a search, as the API returns it.</summary>
public sealed record EventSearchItem(
    string EventId,
    string Name,
    IReadOnlyList<string> Performers,
    string Venue,
    string City,
    DateTimeOffset StartsAt,
    string Category,
    decimal MinPrice,
    string Currency,
    int Available);

public sealed record FacetCount(string Value, int Count);

public sealed record SearchFacets(IReadOnlyList<FacetCount> City, IReadOnlyList<FacetCount> Category)
{
    /// <summary>At most this many values per facet, the most frequent first (ties by value).</summary>
    public const int MaxValues = 50;

    public static IReadOnlyList<FacetCount> Order(IEnumerable<FacetCount> counts) =>
        counts.OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal).Take(MaxValues).ToArray();
}

/// <summary>One page of results, the total number of matches and the facets over all matches.</summary>
public sealed record EventSearchResult(IReadOnlyList<EventSearchItem> Items, long Total, SearchFacets Facets);

/// <summary>What <c>GET /api/search</c> answers.</summary>
public sealed record SearchResponse(IReadOnlyList<EventSearchItem> Items, int Page, int PageSize, long Total, SearchFacets Facets);

/// <summary>What a rebuild did.</summary>
public sealed record RebuildResult(int Indexed, int Removed, TimeSpan Elapsed);
