using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace TicketBooking.Tests.Payments;

/// <summary>
/// Stripe webhook deliveries for tests: event payloads shaped like Stripe's, and a <c>Stripe-Signature</c> header
/// computed from scratch (<c>t=TIMESTAMP,v1=HEX(HMAC-SHA256(secret, TIMESTAMP + "." + payload))</c>), so the tests
/// check Stripe.net's verification against the documented scheme rather than against itself.
/// </summary>
public static class StripeTestEvents
{
    public const string WebhookSecret = "whsec_test_0123456789abcdefghijklmnopqrstuv";

    /// <summary>A <c>payment_intent.*</c> event for a PaymentIntent whose metadata names <paramref name="reservationId"/> (none when null).</summary>
    public static string PaymentIntentEvent(string type, string paymentIntentId, string? reservationId, string? failureMessage = null, long amount = 4250, string currency = "usd")
    {
        var metadata = new JsonObject();
        if (reservationId is not null)
        {
            metadata["reservationId"] = reservationId;
            metadata["userId"] = "user-1";
        }

        var succeeded = type == "payment_intent.succeeded";
        var intent = new JsonObject
        {
            ["id"] = paymentIntentId,
            ["object"] = "payment_intent",
            ["amount"] = amount,
            ["amount_received"] = succeeded ? amount : 0,
            ["currency"] = currency,
            ["client_secret"] = paymentIntentId + "_secret_abc",
            ["created"] = 1_790_000_000,
            ["livemode"] = false,
            ["metadata"] = metadata,
            ["status"] = succeeded ? "succeeded" : "requires_payment_method",
            ["last_payment_error"] = failureMessage is null
                ? null
                : new JsonObject
                {
                    ["type"] = "card_error",
                    ["code"] = "payment_intent_authentication_failure",
                    ["message"] = failureMessage,
                },
        };
        return Event(type, intent);
    }

    /// <summary>An event of any type around <paramref name="dataObject"/>.</summary>
    public static string Event(string type, JsonObject dataObject) => new JsonObject
    {
        ["id"] = "evt_" + RandomNumberGenerator.GetHexString(24, lowercase: true),
        ["object"] = "event",
        ["api_version"] = "2025-09-30.clover",
        ["created"] = 1_790_000_000,
        ["data"] = new JsonObject { ["object"] = dataObject },
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["request"] = new JsonObject { ["id"] = "req_test", ["idempotency_key"] = "key" },
        ["type"] = type,
    }.ToJsonString();

    /// <summary>The <c>Stripe-Signature</c> header Stripe would send for <paramref name="payload"/> at <paramref name="signedAt"/>.</summary>
    public static string SignatureHeader(string payload, DateTimeOffset signedAt, string secret = WebhookSecret)
    {
        var timestamp = signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + payload));
        return $"t={timestamp},v1={Convert.ToHexStringLower(signature)}";
    }
}
