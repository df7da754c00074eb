namespace TicketBooking.Catalog;

/// <summary>One batch of a new event's tickets: seats <c>Index * BatchSize</c> up to the next batch, in layout order.</summary>
public sealed record TicketBatch(string EventId, int Index, int BatchSize);
