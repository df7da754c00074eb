using TicketBooking.Catalog;

namespace TicketBooking.Search;

/// <summary>The number of seats an event has available now.</summary>
public sealed record EventAvailability(string EventId, int Available);
