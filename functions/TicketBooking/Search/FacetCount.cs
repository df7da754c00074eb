using TicketBooking.Catalog;

namespace TicketBooking.Search;

public sealed record FacetCount(string Value, int Count);
