namespace TicketBooking.Payments;

/// <summary>
/// Charging for a reservation. Implementations: Stripe (PaymentIntents) and a local simulator that honours
/// Stripe's test payment method ids. The amount always comes from the reservation, never from the client.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>
    /// Creates and confirms a payment. <see cref="PaymentRequest.IdempotencyKey"/> is derived from the reservation,
    /// so a retry of the same charge never charges twice: it answers with the first attempt's outcome.
    /// </summary>
    Task<PaymentResult> ChargeAsync(PaymentRequest request, CancellationToken cancellationToken = default);

    /// <summary>Refunds a succeeded payment in full (idempotent per <paramref name="idempotencyKey"/>).</summary>
    Task<RefundResult> RefundAsync(string paymentId, string idempotencyKey, CancellationToken cancellationToken = default);
}

/// <param name="Amount">In the currency's major unit (12.50 USD); implementations convert to minor units.</param>
public sealed record PaymentRequest(
    string ReservationId,
    string UserId,
    decimal Amount,
    string Currency,
    string PaymentMethodId,
    string IdempotencyKey,
    string Description);

public enum PaymentStatus
{
    /// <summary>Money taken.</summary>
    Succeeded,

    /// <summary>The card was declined; the customer may try another.</summary>
    Declined,

    /// <summary>The customer must act (3-D Secure); the outcome arrives later by webhook.</summary>
    RequiresAction,

    /// <summary>The attempt failed for a reason other than a decline (invalid method id, provider error).</summary>
    Failed,
}

public sealed record PaymentResult(PaymentStatus Status, string? PaymentId, string? DeclineCode = null, string? Message = null, string? ClientSecret = null);

public sealed record RefundResult(bool Succeeded, string? RefundId, string? Message = null);
