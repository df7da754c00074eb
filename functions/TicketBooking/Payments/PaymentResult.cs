namespace TicketBooking.Payments;

/// <summary>The outcome of <see cref="IPaymentGateway.ChargeAsync"/>.</summary>
/// <param name="PaymentId">The provider's payment id (<c>pi_...</c>); null only when no payment was created (unknown payment method).</param>
/// <param name="DeclineCode">For <see cref="PaymentStatus.Declined"/>: Stripe's decline code (<c>generic_decline</c>, <c>insufficient_funds</c>, <c>expired_card</c>, ...).</param>
/// <param name="Message">A reason safe to show to the customer (never contains secrets): for a decline, Stripe's customer-facing message.</param>
public sealed record PaymentResult(PaymentStatus Status, string? PaymentId, string? DeclineCode = null, string? Message = null, string? ClientSecret = null);
