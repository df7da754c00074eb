using System.Security.Cryptography;

namespace TicketBooking.Payments;

/// <summary>A PaymentIntent in the simulator's ledger, as it stands now.</summary>
/// <param name="AmountMinorUnits">The amount as Stripe would have received it (1250 for 12.50 USD, 500 for 500 JPY).</param>
/// <param name="Status">Succeeded (money taken), Declined, or RequiresAction (waiting for <see cref="SimulatedPaymentGateway.CompleteAction"/>).</param>
/// <param name="RefundId">Set once the payment was refunded.</param>
public sealed record SimulatedPayment(
    string PaymentId,
    string ReservationId,
    long AmountMinorUnits,
    string Currency,
    string PaymentMethodId,
    string IdempotencyKey,
    PaymentStatus Status,
    string? DeclineCode,
    DateTimeOffset CreatedAt,
    string? RefundId);
