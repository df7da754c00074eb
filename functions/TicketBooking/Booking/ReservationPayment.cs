using System.Security.Cryptography;
using System.Text;

namespace TicketBooking.Booking;

/// <summary>
/// The payment side of a reservation. <see cref="Attempt"/> grows by one each time the reservation moves from held to
/// confirming, and the charge's idempotency key is derived from it: a retry of one attempt can never charge twice, and
/// only one attempt can be under way at a time (the move is an ETag-guarded write).
/// </summary>
/// <param name="GraceUntil">While confirming: until when the seats stay held for this attempt.</param>
/// <param name="PaymentIds">Every payment created for the reservation, oldest first.</param>
/// <param name="PendingPaymentId">While confirming: the payment waiting for the customer (3-D Secure).</param>
/// <param name="PaidPaymentId">While confirming or confirmed: the payment that took the money. Once set, only booking
/// (or, if a seat was lost, a refund) can end the reservation.</param>
/// <param name="RefundId">Set when the money was given back because the seats were lost.</param>
/// <param name="Declines">How many payment attempts were declined (the card-testing limit counts them).</param>
/// <param name="RefundedAt">When the provider reported the booking's payment refunded in full (a refund made at the provider).</param>
/// <param name="DisputedAt">When the provider reported a dispute (chargeback) on the booking's payment.</param>
public sealed record ReservationPayment(
    int Attempt,
    string? PaymentMethodId,
    DateTimeOffset? GraceUntil,
    IReadOnlyList<string> PaymentIds,
    string? PendingPaymentId = null,
    string? PaidPaymentId = null,
    string? RefundId = null,
    int Declines = 0,
    DateTimeOffset? RefundedAt = null,
    DateTimeOffset? DisputedAt = null)
{
    public static ReservationPayment None { get; } = new(0, null, null, []);

    public string ChargeKey(string reservationId) => $"{reservationId}-charge-{Attempt}";

    public static string RefundKey(string reservationId, string paymentId) => $"{reservationId}-refund-{paymentId}";
}
