namespace TicketBooking.Payments;

/// <summary>
/// The final outcome of a payment that finished after <see cref="IPaymentGateway.ChargeAsync"/> returned
/// <see cref="PaymentStatus.RequiresAction"/> (3-D Secure and other asynchronous flows). It comes from a Stripe
/// webhook (<see cref="StripeWebhook.Parse"/>) or, locally, from <see cref="SimulatedPaymentGateway.CompleteAction"/>.
/// Providers may deliver the same notification more than once: handle it idempotently.
/// </summary>
/// <param name="ReservationId">The reservation the payment was for (from the PaymentIntent's metadata).</param>
/// <param name="PaymentId">The provider's payment id (the PaymentIntent id, <c>pi_...</c>).</param>
/// <param name="Succeeded">True when the money was taken; false when the payment failed (the customer may try another card).</param>
/// <param name="FailureMessage">Why the payment failed, safe to show to the customer; null when it succeeded.</param>
/// <param name="AmountMinorUnits">The PaymentIntent's amount in minor units (1250 for 12.50 USD), checked against the reservation before booking.</param>
/// <param name="Currency">The PaymentIntent's currency (lower-case ISO 4217, as Stripe writes it).</param>
public sealed record PaymentNotification(string ReservationId, string PaymentId, bool Succeeded, string? FailureMessage, long AmountMinorUnits, string Currency);
