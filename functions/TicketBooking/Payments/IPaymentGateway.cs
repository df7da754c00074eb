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
