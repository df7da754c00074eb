namespace TicketBooking.Refunds;

/// <summary>The outcome of refunding one booking (an activity's result, so plain data).</summary>
public sealed record BookingRefundOutcome(string BookingId, string UserId, RefundOutcomeKind Kind, string? Reason = null);
