namespace TicketBooking.Refunds;

/// <summary>One page of an event's booking index to list (an activity's input).</summary>
public sealed record EventBookingsQuery(string EventId, int PageSize, string? After);
