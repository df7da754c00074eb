namespace TicketBooking.Payments;

/// <summary>What a verified Stripe delivery reports: a payment outcome, or a refund or dispute on a payment (one of the two).</summary>
public sealed record StripeWebhookEvent(PaymentNotification? Payment, ChargeNotification? Charge);
