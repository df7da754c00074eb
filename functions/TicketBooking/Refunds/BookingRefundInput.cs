namespace TicketBooking.Refunds;

/// <summary>What a <see cref="BookingRefundOrchestrator"/> refunds: one user's booking.</summary>
public sealed record BookingRefundInput(string UserId, string BookingId);
