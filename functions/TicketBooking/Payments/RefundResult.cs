namespace TicketBooking.Payments;

/// <summary>The outcome of <see cref="IPaymentGateway.RefundAsync"/>.</summary>
public sealed record RefundResult(bool Succeeded, string? RefundId, string? Message = null);
