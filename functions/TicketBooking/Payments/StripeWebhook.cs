using Stripe;
using TicketBooking.Http;

namespace TicketBooking.Payments;

/// <summary>
/// Verifies and reads Stripe webhook deliveries (<c>POST /api/payments/stripe/webhook</c>). The signature in the
/// <c>Stripe-Signature</c> header is checked against <see cref="StripeOptions.WebhookSecret"/> over the raw body, and
/// deliveries older than five minutes are refused (replay protection). Thread-safe; register as a singleton.
/// </summary>
public sealed class StripeWebhook(IOptions<StripeOptions> options, TimeProvider timeProvider, ILogger<StripeWebhook> logger)
{
    /// <summary>The request header that carries Stripe's signature.</summary>
    public const string SignatureHeader = "Stripe-Signature";

    /// <summary>How old (in seconds) a signed delivery may be; Stripe's own default.</summary>
    public const long ToleranceSeconds = EventUtility.DefaultTimeTolerance;

    /// <summary>
    /// Verifies the delivery and returns what it reports: a payment outcome for <c>payment_intent.succeeded</c> and
    /// <c>payment_intent.payment_failed</c> on a PaymentIntent this service created (its metadata names the
    /// reservation), or a refund or dispute for <c>charge.refunded</c> (refunded in full) and <c>charge.dispute.created</c>
    /// (which name the PaymentIntent only). Returns null for every other event, which the endpoint acknowledges with
    /// 200 and ignores.
    /// </summary>
    /// <param name="json">The request body exactly as received (the signature covers the raw bytes; do not re-serialize).</param>
    /// <param name="signatureHeader">The value of the <c>Stripe-Signature</c> header.</param>
    /// <exception cref="DomainException">Of kind <see cref="ErrorKind.InvalidSignature"/>: the signature is missing,
    /// wrong or too old, or the signed payload is not a Stripe event.</exception>
    public StripeWebhookEvent? Parse(string json, string? signatureHeader)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (string.IsNullOrWhiteSpace(signatureHeader))
        {
            throw Invalid($"The {SignatureHeader} header is missing.");
        }

        var secret = options.Value.WebhookSecret;
        if (string.IsNullOrWhiteSpace(secret))
        {
            logger.LogError("A Stripe webhook arrived but Stripe:WebhookSecret is not set; the delivery is refused");
            throw Invalid("The delivery's signature cannot be verified.");
        }

        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(json, signatureHeader, secret, ToleranceSeconds,
                timeProvider.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (StripeException ex)
        {
            // Stripe's messages here say which check failed (format, signature, timestamp) and contain no secret.
            logger.LogWarning("Refused a Stripe webhook delivery: {Reason}", ex.Message);
            throw Invalid(ex.Message);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or Newtonsoft.Json.JsonException or InvalidOperationException or FormatException)
        {
            logger.LogWarning("Refused a Stripe webhook delivery with a valid signature but an unreadable payload: {Reason}", ex.GetType().Name);
            throw Invalid("The payload is not a Stripe event.");
        }

        return stripeEvent.Type switch
        {
            EventTypes.PaymentIntentSucceeded or EventTypes.PaymentIntentPaymentFailed => PaymentOutcome(stripeEvent),
            EventTypes.ChargeRefunded or EventTypes.ChargeDisputeCreated => ChargeEvent(stripeEvent),
            _ => Ignored(stripeEvent),
        };
    }

    private StripeWebhookEvent? PaymentOutcome(Event stripeEvent)
    {
        if (stripeEvent.Data?.Object is not PaymentIntent intent)
        {
            logger.LogWarning("Refused Stripe event {EventId} of type {EventType}: it carries no PaymentIntent", stripeEvent.Id, stripeEvent.Type);
            throw Invalid($"The {stripeEvent.Type} event carries no PaymentIntent.");
        }

        if (intent.Metadata is null || !intent.Metadata.TryGetValue(StripeMetadata.ReservationId, out var reservationId) || string.IsNullOrWhiteSpace(reservationId))
        {
            // A PaymentIntent this service did not create (another integration on the same Stripe account).
            logger.LogWarning("Ignored Stripe event {EventId}: PaymentIntent {PaymentId} names no reservation", stripeEvent.Id, intent.Id);
            return null;
        }

        var succeeded = stripeEvent.Type == EventTypes.PaymentIntentSucceeded;
        logger.LogInformation("Stripe event {EventId}: payment {PaymentId} for reservation {ReservationId} {Outcome}",
            stripeEvent.Id, intent.Id, reservationId, succeeded ? "succeeded" : "failed");
        return new StripeWebhookEvent(new PaymentNotification(reservationId, intent.Id, succeeded,
            succeeded ? null : intent.LastPaymentError?.Message ?? "The payment failed.", intent.Amount, intent.Currency ?? ""), null);
    }

    private StripeWebhookEvent? ChargeEvent(Event stripeEvent)
    {
        var (kind, paymentId) = stripeEvent.Data?.Object switch
        {
            Charge { Refunded: true } charge => (ChargeEventKind.Refunded, charge.PaymentIntentId),
            Charge charge => (ChargeEventKind.Refunded, (string?)null),
            Dispute dispute => (ChargeEventKind.Disputed, dispute.PaymentIntentId),
            _ => throw Invalid($"The {stripeEvent.Type} event carries no {(stripeEvent.Type == EventTypes.ChargeRefunded ? "Charge" : "Dispute")}."),
        };
        if (string.IsNullOrWhiteSpace(paymentId))
        {
            // A partial refund, or a charge made without a PaymentIntent: nothing a booking shows.
            logger.LogInformation("Ignored Stripe event {EventId} of type {EventType}: no full refund or dispute of a PaymentIntent", stripeEvent.Id, stripeEvent.Type);
            return null;
        }

        logger.LogInformation("Stripe event {EventId}: payment {PaymentId} {ChargeEvent}", stripeEvent.Id, paymentId, kind);
        return new StripeWebhookEvent(null, new ChargeNotification(kind, paymentId, new DateTimeOffset(DateTime.SpecifyKind(stripeEvent.Created, DateTimeKind.Utc))));
    }

    private StripeWebhookEvent? Ignored(Event stripeEvent)
    {
        logger.LogDebug("Ignored Stripe event {EventId} of type {EventType}", stripeEvent.Id, stripeEvent.Type);
        return null;
    }

    private static DomainException Invalid(string detail) =>
        new(ErrorKind.InvalidSignature, "The webhook delivery could not be verified.", detail);
}
