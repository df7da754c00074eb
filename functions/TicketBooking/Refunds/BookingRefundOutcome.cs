namespace TicketBooking.Refunds;

/// <summary>
/// The outcome of refunding one booking (an activity's result, so plain data). A <see cref="RefundOutcomeKind.Failed"/>
/// outcome is <see cref="Transient"/> when the outcome is unknown (the provider unreachable, a store busy): the booking
/// stays refunding and trying again is safe; otherwise the provider refused it.
/// </summary>
public sealed record BookingRefundOutcome(string BookingId, string UserId, RefundOutcomeKind Kind, string? Reason = null, bool Transient = false);
