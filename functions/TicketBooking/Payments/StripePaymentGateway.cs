using System.Net;
using Stripe;

namespace TicketBooking.Payments;

/// <summary>
/// Charges through Stripe PaymentIntents: one create-and-confirm call per charge, keyed by the request's idempotency
/// key so that a retry gets Stripe's first answer back and never a second charge. Thread-safe; register as a singleton.
/// </summary>
public sealed class StripePaymentGateway : IPaymentGateway
{
    /// <summary>The name of the <see cref="HttpClient"/> the Stripe client uses (from IHttpClientFactory).</summary>
    public const string HttpClientName = "Stripe";

    private readonly PaymentIntentService _paymentIntents;
    private readonly RefundService _refunds;
    private readonly ILogger<StripePaymentGateway> _logger;

    public StripePaymentGateway(StripeClient client, ILogger<StripePaymentGateway> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        _paymentIntents = client.V1.PaymentIntents;
        _refunds = client.V1.Refunds;
        _logger = logger;
    }

    /// <summary>
    /// Builds the Stripe client over <paramref name="httpClient"/>, which must be long-lived (one per process, not
    /// per call). <see cref="StripeOptions.ApiBase"/>, when set, points it at a local fake server.
    /// </summary>
    public static StripeClient CreateClient(StripeOptions options, HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.SecretKey, "Stripe:SecretKey");
        return new StripeClient(new StripeClientOptions
        {
            ApiKey = options.SecretKey,
            ApiBase = string.IsNullOrWhiteSpace(options.ApiBase) ? null : options.ApiBase.TrimEnd('/'),
            HttpClient = new SystemNetHttpClient(httpClient, appInfo: new AppInfo { Name = "TicketBooking" }),
        });
    }

    public async Task<PaymentResult> ChargeAsync(PaymentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var currency = Currencies.Get(request.Currency);
        var options = new PaymentIntentCreateOptions
        {
            Amount = currency.ToMinorUnits(request.Amount),
            Currency = currency.StripeCode,
            PaymentMethod = request.PaymentMethodId,
            Confirm = true,
            // Cards only, no redirect-based methods: an off-page redirect needs a return_url this API does not have.
            AutomaticPaymentMethods = new PaymentIntentAutomaticPaymentMethodsOptions { Enabled = true, AllowRedirects = "never" },
            Description = request.Description,
            // The reservation id only: whose reservation it is stays in this service, not at the provider.
            Metadata = new Dictionary<string, string> { [StripeMetadata.ReservationId] = request.ReservationId },
        };

        try
        {
            var intent = await _paymentIntents.CreateAsync(options, Idempotent(request.IdempotencyKey), cancellationToken);
            var result = FromIntent(intent);
            _logger.LogInformation("Payment {PaymentId} for reservation {ReservationId}: {Status}", intent.Id, request.ReservationId, result.Status);
            return result;
        }
        catch (StripeException ex) when (ex.StripeError?.Type == "card_error")
        {
            var error = ex.StripeError;
            var code = error.DeclineCode ?? error.Code;
            _logger.LogInformation("Payment for reservation {ReservationId} declined: {DeclineCode}", request.ReservationId, code);
            return new PaymentResult(PaymentStatus.Declined, error.PaymentIntent?.Id, code, error.Message ?? "The card was declined.");
        }
        catch (Exception ex) when (IsOutcomeUnknown(ex, cancellationToken))
        {
            _logger.LogWarning(ex, "Charging reservation {ReservationId} failed with an unknown outcome ({Reason})", request.ReservationId, Reason(ex));
            throw new PaymentUnavailableException(
                "Stripe could not be reached or failed; whether the card was charged is not known yet. Retrying with the same idempotency key is safe.", ex);
        }
        catch (StripeException ex)
        {
            _logger.Log(IsCredentialError(ex) ? LogLevel.Error : LogLevel.Warning, "Charging reservation {ReservationId} failed: {StatusCode} {ErrorType} {ErrorCode}",
                request.ReservationId, (int)ex.HttpStatusCode, ex.StripeError?.Type, ex.StripeError?.Code);
            return new PaymentResult(PaymentStatus.Failed, ex.StripeError?.PaymentIntent?.Id, Message: SafeMessage(ex));
        }
    }

    public async Task<RefundResult> RefundAsync(string paymentId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentId);
        try
        {
            var refund = await _refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = paymentId }, Idempotent(idempotencyKey), cancellationToken);
            _logger.LogInformation("Refund {RefundId} of payment {PaymentId}: {Status}", refund.Id, paymentId, refund.Status);
            return refund.Status is "failed" or "canceled"
                ? new RefundResult(false, refund.Id, $"The refund {refund.Status}: {refund.FailureReason ?? "no reason given"}.")
                : new RefundResult(true, refund.Id);
        }
        catch (StripeException ex) when (ex.StripeError?.Code == "charge_already_refunded")
        {
            // The end state the caller wants already holds: the money is back with the customer.
            _logger.LogInformation("Payment {PaymentId} was already refunded", paymentId);
            return new RefundResult(true, null, "The payment was already refunded.");
        }
        catch (Exception ex) when (IsOutcomeUnknown(ex, cancellationToken))
        {
            _logger.LogWarning(ex, "Refunding payment {PaymentId} failed with an unknown outcome ({Reason})", paymentId, Reason(ex));
            throw new PaymentUnavailableException(
                "Stripe could not be reached or failed; whether the refund was made is not known yet. Retrying with the same idempotency key is safe.", ex);
        }
        catch (StripeException ex)
        {
            _logger.Log(IsCredentialError(ex) ? LogLevel.Error : LogLevel.Warning, "Refunding payment {PaymentId} failed: {StatusCode} {ErrorType} {ErrorCode}",
                paymentId, (int)ex.HttpStatusCode, ex.StripeError?.Type, ex.StripeError?.Code);
            return new RefundResult(false, null, SafeMessage(ex));
        }
    }

    public async Task<string?> FindReservationIdAsync(string paymentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentId);
        try
        {
            var intent = await _paymentIntents.GetAsync(paymentId, cancellationToken: cancellationToken);
            return intent.Metadata is not null && intent.Metadata.TryGetValue(StripeMetadata.ReservationId, out var reservationId)
                && !string.IsNullOrWhiteSpace(reservationId) ? reservationId : null;
        }
        catch (StripeException ex) when (ex.HttpStatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception ex) when (IsOutcomeUnknown(ex, cancellationToken) || ex is StripeException)
        {
            _logger.LogWarning(ex, "Reading payment {PaymentId} failed ({Reason})", paymentId, Reason(ex));
            throw new PaymentUnavailableException("Stripe could not be reached or failed while reading the payment; retry.", ex);
        }
    }

    /// <summary>False: customers see Stripe's customer-facing message, never the raw decline code.</summary>
    public bool ShowsDeclineCodes => false;

    private static RequestOptions Idempotent(string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        return new RequestOptions { IdempotencyKey = idempotencyKey };
    }

    private PaymentResult FromIntent(PaymentIntent intent) => intent.Status switch
    {
        "succeeded" => new PaymentResult(PaymentStatus.Succeeded, intent.Id),
        "requires_action" => new PaymentResult(PaymentStatus.RequiresAction, intent.Id, ClientSecret: intent.ClientSecret,
            Message: "The customer must authenticate the payment; the outcome arrives by webhook."),
        "processing" => new PaymentResult(PaymentStatus.RequiresAction, intent.Id, ClientSecret: intent.ClientSecret,
            Message: "The payment is processing; the outcome arrives by webhook."),
        "requires_payment_method" => new PaymentResult(PaymentStatus.Declined, intent.Id,
            intent.LastPaymentError?.DeclineCode ?? intent.LastPaymentError?.Code,
            intent.LastPaymentError?.Message ?? "The payment method was not accepted."),
        _ => Unexpected(intent),
    };

    private PaymentResult Unexpected(PaymentIntent intent)
    {
        _logger.LogWarning("Payment {PaymentId} has the unexpected status {Status}", intent.Id, intent.Status);
        return new PaymentResult(PaymentStatus.Failed, intent.Id, Message: $"The payment ended in the unexpected state '{intent.Status}'.");
    }

    /// <summary>
    /// Errors after which the charge may or may not have happened (network, timeout, Stripe 5xx), or that say "not
    /// now" (429 rate limit, 409 the same key in flight): the caller must retry with the same key, not treat it as failed.
    /// </summary>
    private static bool IsOutcomeUnknown(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        StripeException s => s.HttpStatusCode is >= HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict
            || s.HttpStatusCode == 0
            || s.StripeError?.Type is "api_error" or "api_connection_error"
            || s.InnerException is HttpRequestException or TaskCanceledException,
        HttpRequestException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static string Reason(Exception ex) => ex is StripeException s
        ? $"{(int)s.HttpStatusCode} {s.StripeError?.Type} {s.StripeError?.Code}".Trim()
        : ex.GetType().Name;

    /// <summary>Stripe refused the API key (wrong, revoked, or a restricted key without the permission): a configuration fault.</summary>
    private static bool IsCredentialError(StripeException ex) =>
        ex.HttpStatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || ex.StripeError?.Type is "authentication_error" or "permission_error";

    /// <summary>
    /// A message fit for the customer and the logs. Stripe's own messages for request errors ("No such
    /// PaymentMethod: 'pm_x'") are safe; a 401/403 echoes part of the key (and is our fault), so it gets a fixed text.
    /// </summary>
    private static string SafeMessage(StripeException ex)
    {
        if (IsCredentialError(ex))
        {
            return "The payment provider rejected this service's credentials.";
        }

        return ex.StripeError?.Type is "invalid_request_error" or "idempotency_error" && !string.IsNullOrEmpty(ex.StripeError.Message)
            ? ex.StripeError.Message
            : "The payment could not be processed.";
    }
}
