namespace TicketBooking.Refunds;

/// <summary>One page of an event's booking index, in booking id order; <see cref="Next"/> is the cursor of the next page, null at the end.</summary>
public sealed record EventBookingPage(IReadOnlyList<EventBooking> Items, string? Next);
