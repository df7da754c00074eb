namespace TicketBooking.Payments;

/// <summary>
/// A refund or dispute on a payment, from a Stripe webhook. It names the PaymentIntent, not the reservation (a Charge or
/// Dispute does not carry the PaymentIntent's metadata): <see cref="IPaymentGateway.FindReservationIdAsync"/> finds it.
/// </summary>
/// <param name="PaymentId">The PaymentIntent (<c>pi_...</c>) the charge belongs to.</param>
/// <param name="At">When it happened (the event's creation time).</param>
public sealed record ChargeNotification(ChargeEventKind Kind, string PaymentId, DateTimeOffset At);
