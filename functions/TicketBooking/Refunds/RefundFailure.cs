namespace TicketBooking.Refunds;

/// <summary>A booking whose refund failed after every retry, and why. The booking stays confirmed and its money kept until it is retried.</summary>
public sealed record RefundFailure(string BookingId, string UserId, string Reason);
