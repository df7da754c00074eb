using TicketBooking.Catalog;

namespace TicketBooking.Search;

/// <summary>One page of results, the total number of matches and the facets over all matches.</summary>
public sealed record EventSearchResult(IReadOnlyList<EventSearchItem> Items, long Total, SearchFacets Facets);
