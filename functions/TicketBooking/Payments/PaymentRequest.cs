namespace TicketBooking.Payments;

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
