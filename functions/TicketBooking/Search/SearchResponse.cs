using TicketBooking.Catalog;

namespace TicketBooking.Search;

/// <summary>What <c>GET /api/search</c> answers.</summary>
public sealed record SearchResponse(IReadOnlyList<EventSearchItem> Items, int Page, int PageSize, long Total, SearchFacets Facets);
