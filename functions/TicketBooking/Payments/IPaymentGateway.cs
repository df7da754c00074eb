namespace TicketBooking.Payments;

/// <summary>
/// Charging for a reservation. Implementations: Stripe (PaymentIntents) and a local simulator that honours
/// Stripe's test payment method ids. The amount always comes from the reservation, never from the client.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>
    /// Creates and confirms a payment. <see cref="PaymentRequest.IdempotencyKey"/> is derived from the reservation,
    /// so a retry of the same charge never charges twice: it answers with the first attempt's outcome (a decline
    /// included, and a <see cref="PaymentStatus.RequiresAction"/> even after the customer finished it: the final
    /// outcome of those arrives as a <see cref="PaymentNotification"/>). As at Stripe, the same key with different
    /// parameters (another card) is refused with <see cref="PaymentStatus.Failed"/> and charges nothing, so a key must
    /// name the attempt (reservation and payment method), not only the reservation.
    /// </summary>
    /// <exception cref="PaymentUnavailableException">The provider could not be reached or failed (network, timeout,
    /// 5xx, rate limit): the outcome is unknown. Retry with the same key; never treat it as declined.</exception>
    /// <exception cref="ArgumentException">The currency is not supported (<see cref="Currencies"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The amount is not positive, finer than the currency allows, or more than one charge may be.</exception>
    Task<PaymentResult> ChargeAsync(PaymentRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Refunds a succeeded payment in full (idempotent per <paramref name="idempotencyKey"/>). A payment that was
    /// already refunded reports <see cref="RefundResult.Succeeded"/> (with no new refund id): the money is back.
    /// </summary>
    /// <exception cref="PaymentUnavailableException">The provider could not be reached or failed; retry with the same key.</exception>
    Task<RefundResult> RefundAsync(string paymentId, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>The reservation a payment was made for (from the payment's metadata), or null for a payment this service did not make.</summary>
    /// <exception cref="PaymentUnavailableException">The provider could not be reached or failed; retry.</exception>
    Task<string?> FindReservationIdAsync(string paymentId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether <see cref="PaymentResult.DeclineCode"/> may be shown to the customer. False for a real provider: the
    /// raw decline code (<c>stolen_card</c>, <c>fraudulent</c>) helps card testers, so customers see only
    /// <see cref="PaymentResult.Message"/>. True for the simulator, where the code helps testing.
    /// </summary>
    bool ShowsDeclineCodes { get; }
}

/// <summary>
/// One charge attempt for a reservation. It names the reservation, never the customer: the provider's metadata and
/// this service's payment logs carry the reservation id only, and the reservation says whose it is.
/// </summary>
/// <param name="Amount">In the currency's major unit (12.50 USD); implementations convert to minor units through <see cref="Currencies"/>.</param>
/// <param name="Currency">A supported ISO 4217 code (<see cref="Currencies"/>), any case (sent to Stripe in lower case).</param>
/// <param name="PaymentMethodId">A Stripe PaymentMethod id from the client (<c>pm_...</c>; test ids such as <c>pm_card_visa</c>).</param>
/// <param name="IdempotencyKey">Names this attempt; a retry of the attempt reuses it (see <see cref="IPaymentGateway.ChargeAsync"/>).</param>
public sealed record PaymentRequest(
    string ReservationId,
    decimal Amount,
    string Currency,
    string PaymentMethodId,
    string IdempotencyKey,
    string Description);

/// <summary>How a charge attempt ended.</summary>
public enum PaymentStatus
{
    /// <summary>Money taken.</summary>
    Succeeded,

    /// <summary>The card was declined; the customer may try another.</summary>
    Declined,

    /// <summary>
    /// The customer must act (3-D Secure; <see cref="PaymentResult.ClientSecret"/> lets the browser do it), or the
    /// payment is still processing; the outcome arrives later as a <see cref="PaymentNotification"/> (webhook).
    /// </summary>
    RequiresAction,

    /// <summary>The attempt failed for a reason other than a decline (invalid method id, provider error).</summary>
    Failed,
}

/// <summary>The outcome of <see cref="IPaymentGateway.ChargeAsync"/>.</summary>
/// <param name="PaymentId">The provider's payment id (<c>pi_...</c>); null only when no payment was created (unknown payment method).</param>
/// <param name="DeclineCode">For <see cref="PaymentStatus.Declined"/>: Stripe's decline code (<c>generic_decline</c>, <c>insufficient_funds</c>, <c>expired_card</c>, ...).</param>
/// <param name="Message">A reason safe to show to the customer (never contains secrets): for a decline, Stripe's customer-facing message.</param>
public sealed record PaymentResult(PaymentStatus Status, string? PaymentId, string? DeclineCode = null, string? Message = null, string? ClientSecret = null);

/// <summary>The outcome of <see cref="IPaymentGateway.RefundAsync"/>.</summary>
public sealed record RefundResult(bool Succeeded, string? RefundId, string? Message = null);
