namespace TicketBooking.Catalog;

/// <summary>What starts an event's creation orchestration: the event (stored, status creating) and how to split its tickets.</summary>
public sealed record EventCreationInput(string EventId, int TicketCount, int BatchSize);
