using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Payments;

/// <summary>
/// A small stand-in for api.stripe.com on a free 127.0.0.1 port (stripe-mock is not obtainable here), serving the
/// endpoints the gateway uses the way Stripe's test mode does: <c>POST /v1/payment_intents</c> (create and confirm,
/// answering per test payment method id with Stripe-shaped JSON), <c>GET /v1/payment_intents/{id}</c> and <c>POST /v1/refunds</c>. It checks the bearer
/// key, implements Stripe's idempotency (the same <c>Idempotency-Key</c> replays the first response; the same key
/// with other parameters is a 400 <c>idempotency_error</c>), records every request, and keeps its own books of
/// charges and refunds.
/// </summary>
public sealed class FakeStripeServer : IAsyncDisposable
{
    public const string SecretKey = "sk_test_fake0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000KEY1";

    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Dictionary<string, (string Fingerprint, int Status, string Body)> _idempotent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _intents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _refundedIntents = new(StringComparer.Ordinal);
    private (int Status, string Body)? _nextResponse;

    private FakeStripeServer(WebApplication app)
    {
        _app = app;
        app.MapPost("/v1/payment_intents", context => HandleAsync(context, CreatePaymentIntent));
        app.MapPost("/v1/refunds", context => HandleAsync(context, CreateRefund));
        app.MapGet("/v1/payment_intents/{id}", (HttpContext context, string id) => GetPaymentIntentAsync(context, id));
        app.MapFallback(context =>
        {
            context.Response.StatusCode = 404;
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(
                Error("invalid_request_error", null, $"Unrecognized request URL ({context.Request.Method}: {context.Request.Path}).").ToJsonString());
        });
    }

    /// <summary>Base URL for <c>StripeOptions.ApiBase</c>.</summary>
    public string ApiBase { get; private set; } = "";

    /// <summary>Every request received, in order (replays included).</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Points a local host's payments at this server (the Stripe provider with test secrets).</summary>
    public LocalHostFactory UseIn(LocalHostFactory host) => host
        .With("Payments:Provider", "Stripe")
        .With("Stripe:SecretKey", SecretKey)
        .With("Stripe:WebhookSecret", StripeTestEvents.WebhookSecret)
        .With("Stripe:ApiBase", ApiBase);

    public static async Task<FakeStripeServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new FakeStripeServer(builder.Build());
        await server._app.StartAsync();
        ServerAddress(server);
        return server;
    }

    /// <summary>PaymentIntents for the reservation that took money (status succeeded), as this server's books show.</summary>
    public int SucceededCharges(string reservationId) => IntentsOf(reservationId).Count(i => (string?)i["status"] == "succeeded");

    /// <summary>Refunds made for the reservation's PaymentIntents.</summary>
    public int Refunds(string reservationId)
    {
        lock (_lock)
        {
            return IntentsOf(reservationId).Count(i => _refundedIntents.ContainsKey((string)i["id"]!));
        }
    }

    /// <summary>Amount (minor units) and currency of each succeeded PaymentIntent for the reservation.</summary>
    public IReadOnlyList<(long Amount, string Currency)> ChargedAmounts(string reservationId) =>
        [.. IntentsOf(reservationId).Where(i => (string?)i["status"] == "succeeded").Select(i => ((long)i["amount"]!, (string)i["currency"]!))];

    /// <summary>Answers the next request with this status and body (Stripe-Should-Retry: false, so the client does not retry).</summary>
    public void RespondNext(HttpStatusCode status, string body)
    {
        lock (_lock)
        {
            _nextResponse = ((int)status, body);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static void ServerAddress(FakeStripeServer server)
    {
        var addresses = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        server.ApiBase = addresses.Addresses.Single();
    }

    private List<JsonObject> IntentsOf(string reservationId)
    {
        lock (_lock)
        {
            return [.. _intents.Values.Where(i => (string?)i["metadata"]?["reservationId"] == reservationId)];
        }
    }

    private async Task HandleAsync(HttpContext context, Func<IReadOnlyDictionary<string, string>, (int Status, JsonObject Body)> handle)
    {
        var form = (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        var recorded = new RecordedRequest(context.Request.Method, context.Request.Path, context.Request.Headers.Authorization.ToString(),
            key, context.Request.ContentType, form);

        int status;
        string body;
        var replayed = false;
        lock (_lock)
        {
            _requests.Add(recorded);
            if (_nextResponse is { } injected)
            {
                _nextResponse = null;
                context.Response.Headers["Stripe-Should-Retry"] = "false";
                (status, body) = injected;
            }
            else if (recorded.Authorization != "Bearer " + SecretKey)
            {
                (status, body) = (401, Error("invalid_request_error", null, $"Invalid API Key provided: {Masked(recorded.Authorization)}").ToJsonString());
            }
            else
            {
                var fingerprint = context.Request.Path + "?" + string.Join("&", form.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + f.Value));
                if (key.Length > 0 && _idempotent.TryGetValue(key, out var earlier))
                {
                    replayed = earlier.Fingerprint == fingerprint;
                    (status, body) = replayed
                        ? (earlier.Status, earlier.Body)
                        : (400, Error("idempotency_error", null,
                            $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request.").ToJsonString());
                }
                else
                {
                    var (handledStatus, handledBody) = handle(form);
                    (status, body) = (handledStatus, handledBody.ToJsonString());
                    if (key.Length > 0)
                    {
                        _idempotent[key] = (fingerprint, status, body);
                    }
                }
            }
        }

        if (replayed)
        {
            context.Response.Headers["Idempotent-Replayed"] = "true";
        }

        context.Response.Headers["Request-Id"] = "req_" + RandomNumberGenerator.GetHexString(14, lowercase: true);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    private async Task GetPaymentIntentAsync(HttpContext context, string id)
    {
        int status;
        string body;
        lock (_lock)
        {
            _requests.Add(new RecordedRequest(context.Request.Method, context.Request.Path, context.Request.Headers.Authorization.ToString(), "", null,
                new Dictionary<string, string>()));
            (status, body) = context.Request.Headers.Authorization.ToString() != "Bearer " + SecretKey
                ? (401, Error("invalid_request_error", null, "Invalid API Key provided.").ToJsonString())
                : _intents.TryGetValue(id, out var intent)
                    ? (200, intent.ToJsonString())
                    : (404, Error("invalid_request_error", "resource_missing", $"No such payment_intent: '{id}'", param: "intent").ToJsonString());
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    // Called under _lock.
    private (int, JsonObject) CreatePaymentIntent(IReadOnlyDictionary<string, string> form)
    {
        if (!form.TryGetValue("amount", out var amountText) || !long.TryParse(amountText, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount < 1)
        {
            return (400, Error("invalid_request_error", "parameter_missing", "Missing required param: amount.", param: "amount"));
        }

        if (!form.TryGetValue("currency", out var currency) || currency != currency.ToLowerInvariant())
        {
            return (400, Error("invalid_request_error", "parameter_invalid_string", "Invalid currency.", param: "currency"));
        }

        var paymentMethod = form.GetValueOrDefault("payment_method") ?? "";
        var outcome = Outcome(paymentMethod);
        if (outcome is null)
        {
            return (400, Error("invalid_request_error", "resource_missing", $"No such PaymentMethod: '{paymentMethod}'", param: "payment_method"));
        }

        var id = "pi_3" + RandomNumberGenerator.GetHexString(23, lowercase: false);
        var chargeId = "ch_3" + RandomNumberGenerator.GetHexString(23, lowercase: false);
        var metadata = new JsonObject();
        foreach (var (name, value) in form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal)))
        {
            metadata[name["metadata[".Length..^1]] = value;
        }

        var intent = new JsonObject
        {
            ["id"] = id,
            ["object"] = "payment_intent",
            ["amount"] = amount,
            ["amount_capturable"] = 0,
            ["amount_received"] = outcome.Value.Status == "succeeded" ? amount : 0,
            ["automatic_payment_methods"] = new JsonObject { ["allow_redirects"] = form.GetValueOrDefault("automatic_payment_methods[allow_redirects]"), ["enabled"] = true },
            ["capture_method"] = "automatic_async",
            ["client_secret"] = $"{id}_secret_{RandomNumberGenerator.GetHexString(25, lowercase: false)}",
            ["confirmation_method"] = "automatic",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["currency"] = currency,
            ["description"] = form.GetValueOrDefault("description"),
            ["last_payment_error"] = null,
            ["latest_charge"] = outcome.Value.Status == "requires_action" ? null : chargeId,
            ["livemode"] = false,
            ["metadata"] = metadata,
            ["next_action"] = outcome.Value.Status == "requires_action"
                ? new JsonObject
                {
                    ["type"] = "use_stripe_sdk",
                    ["use_stripe_sdk"] = new JsonObject { ["type"] = "three_d_secure_redirect", ["stripe_js"] = "https://hooks.stripe.com/redirect/authenticate/src_fake" },
                }
                : null,
            ["payment_method"] = "pm_1" + RandomNumberGenerator.GetHexString(23, lowercase: false),
            ["payment_method_types"] = new JsonArray("card"),
            ["status"] = outcome.Value.Status,
        };

        if (outcome.Value.DeclineCode is { } declineCode)
        {
            var error = Error("card_error", outcome.Value.Code, outcome.Value.Message!, declineCode: declineCode);
            var errorBody = (JsonObject)error["error"]!;
            errorBody["charge"] = chargeId;
            intent["last_payment_error"] = errorBody.DeepClone();
            errorBody["payment_intent"] = intent.DeepClone();
            _intents[id] = intent;
            return (402, error);
        }

        _intents[id] = intent;
        return (200, intent);
    }

    // Called under _lock.
    private (int, JsonObject) CreateRefund(IReadOnlyDictionary<string, string> form)
    {
        var paymentIntent = form.GetValueOrDefault("payment_intent") ?? "";
        if (!_intents.TryGetValue(paymentIntent, out var intent))
        {
            return (400, Error("invalid_request_error", "resource_missing", $"No such payment_intent: '{paymentIntent}'", param: "payment_intent"));
        }

        if ((string?)intent["status"] != "succeeded")
        {
            return (400, Error("invalid_request_error", "payment_intent_unexpected_state", "This PaymentIntent does not have a successful charge to refund."));
        }

        if (_refundedIntents.ContainsKey(paymentIntent))
        {
            return (400, Error("invalid_request_error", "charge_already_refunded", $"Charge {intent["latest_charge"]} has already been refunded."));
        }

        var id = "re_3" + RandomNumberGenerator.GetHexString(23, lowercase: false);
        _refundedIntents[paymentIntent] = id;
        return (200, new JsonObject
        {
            ["id"] = id,
            ["object"] = "refund",
            ["amount"] = (long)intent["amount"]!,
            ["charge"] = (string?)intent["latest_charge"],
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["currency"] = (string?)intent["currency"],
            ["metadata"] = new JsonObject(),
            ["payment_intent"] = paymentIntent,
            ["reason"] = null,
            ["status"] = "succeeded",
        });
    }

    /// <summary>Stripe test mode's behaviour per test payment method id (a subset of docs.stripe.com/testing).</summary>
    private static (string Status, string? Code, string? DeclineCode, string? Message)? Outcome(string paymentMethod) => paymentMethod switch
    {
        "pm_card_visa" or "pm_card_mastercard" or "pm_card_amex" => ("succeeded", null, null, null),
        "pm_card_chargeDeclined" => ("requires_payment_method", "card_declined", "generic_decline", "Your card was declined."),
        "pm_card_chargeDeclinedInsufficientFunds" => ("requires_payment_method", "card_declined", "insufficient_funds", "Your card has insufficient funds."),
        "pm_card_chargeDeclinedExpiredCard" => ("requires_payment_method", "expired_card", "expired_card", "Your card has expired."),
        "pm_card_authenticationRequired" or "pm_card_threeDSecure2Required" => ("requires_action", null, null, null),
        _ => null,
    };

    private static JsonObject Error(string type, string? code, string message, string? param = null, string? declineCode = null)
    {
        var error = new JsonObject { ["type"] = type, ["message"] = message };
        if (code is not null)
        {
            error["code"] = code;
            error["doc_url"] = $"https://stripe.com/docs/error-codes/{code.Replace('_', '-')}";
        }

        if (declineCode is not null)
        {
            error["decline_code"] = declineCode;
        }

        if (param is not null)
        {
            error["param"] = param;
        }

        error["request_log_url"] = "https://dashboard.stripe.com/test/logs/req_fake";
        return new JsonObject { ["error"] = error };
    }

    private static string Masked(string authorization)
    {
        var key = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : authorization;
        return key.Length > 12 ? key[..8] + "********" + key[^4..] : "********";
    }
}

/// <summary>One request as the fake Stripe server received it.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Authorization,
    string IdempotencyKey,
    string? ContentType,
    IReadOnlyDictionary<string, string> Form);
