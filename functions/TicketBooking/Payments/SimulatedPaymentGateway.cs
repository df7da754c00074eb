using System.Security.Cryptography;

namespace TicketBooking.Payments;

/// <summary>
/// An in-memory stand-in for Stripe for local runs, tests and the benchmark. It answers Stripe's documented test
/// payment method ids as Stripe's test mode does (<c>pm_card_visa</c> succeeds, <c>pm_card_chargeDeclined</c>
/// declines, <c>pm_card_authenticationRequired</c> needs 3-D Secure, an unknown id fails), keeps Stripe's idempotency
/// rules (the same key gets the first answer again and never a second charge; the same key with other parameters is
/// refused), and keeps a ledger of every payment and refund so tests can count charges. With
/// <paramref name="refundOutages"/> (<see cref="PaymentsOptions.SimulatedRefundOutages"/>) the first that many refund
/// requests of each payment fail as an unreachable provider does (<see cref="PaymentUnavailableException"/>, nothing
/// refunded). Thread-safe; one instance per process (register as a singleton).
/// </summary>
public sealed class SimulatedPaymentGateway(TimeProvider? timeProvider = null, int refundOutages = 0) : IPaymentGateway
{
    /// <summary>Stripe's message when an idempotency key is reused with different parameters.</summary>
    public const string IdempotencyKeyReusedMessage =
        "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{0}' if you meant to execute a different request.";

    private const string AuthenticationFailedMessage =
        "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.";

    private static readonly Outcome Success = new(PaymentStatus.Succeeded, null, null);
    private static readonly Outcome Authenticate = new(PaymentStatus.RequiresAction, null, null);

    /// <summary>Stripe's test payment methods (docs.stripe.com/testing) and what each does on a confirmed PaymentIntent.</summary>
    private static readonly Dictionary<string, Outcome> TestPaymentMethods = new(StringComparer.Ordinal)
    {
        ["pm_card_visa"] = Success,
        ["pm_card_visa_debit"] = Success,
        ["pm_card_mastercard"] = Success,
        ["pm_card_mastercard_debit"] = Success,
        ["pm_card_mastercard_prepaid"] = Success,
        ["pm_card_amex"] = Success,
        ["pm_card_discover"] = Success,
        ["pm_card_diners"] = Success,
        ["pm_card_jcb"] = Success,
        ["pm_card_unionpay"] = Success,
        ["pm_card_chargeDeclined"] = Declined("generic_decline", "Your card was declined."),
        ["pm_card_visa_chargeDeclined"] = Declined("generic_decline", "Your card was declined."),
        ["pm_card_chargeDeclinedInsufficientFunds"] = Declined("insufficient_funds", "Your card has insufficient funds."),
        ["pm_card_chargeDeclinedLostCard"] = Declined("lost_card", "Your card was declined."),
        ["pm_card_chargeDeclinedStolenCard"] = Declined("stolen_card", "Your card was declined."),
        ["pm_card_chargeDeclinedFraudulent"] = Declined("fraudulent", "Your card was declined."),
        ["pm_card_chargeDeclinedExpiredCard"] = Declined("expired_card", "Your card has expired."),
        ["pm_card_chargeDeclinedIncorrectCvc"] = Declined("incorrect_cvc", "Your card's security code is incorrect."),
        ["pm_card_chargeDeclinedProcessingError"] = Declined("processing_error", "An error occurred while processing your card. Try again in a little bit."),
        ["pm_card_authenticationRequired"] = Authenticate,
        ["pm_card_threeDSecureRequired"] = Authenticate,
        ["pm_card_threeDSecure2Required"] = Authenticate,
    };

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (PaymentRequest Request, PaymentResult Result)> _chargeKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string PaymentId, RefundResult Result)> _refundKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _paymentIndex = new(StringComparer.Ordinal);
    private readonly List<SimulatedPayment> _payments = [];
    private readonly List<SimulatedRefund> _refunds = [];
    private readonly Dictionary<string, PaymentNotification> _completedActions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _refundRequests = new(StringComparer.Ordinal);

    /// <summary>Every PaymentIntent created so far (one per distinct idempotency key that reached a payment method), oldest first, as they stand now.</summary>
    public IReadOnlyList<SimulatedPayment> Payments
    {
        get
        {
            lock (_lock)
            {
                return [.. _payments];
            }
        }
    }

    /// <summary>Every refund made so far, oldest first.</summary>
    public IReadOnlyList<SimulatedRefund> Refunds
    {
        get
        {
            lock (_lock)
            {
                return [.. _refunds];
            }
        }
    }

    /// <summary>How many times money was taken for <paramref name="reservationId"/> (succeeded payments, refunded or not).</summary>
    public int ChargeCount(string reservationId)
    {
        lock (_lock)
        {
            return _payments.Count(p => p.ReservationId == reservationId && p.Status == PaymentStatus.Succeeded);
        }
    }

    /// <summary>How many payments for <paramref name="reservationId"/> were refunded.</summary>
    public int RefundCount(string reservationId)
    {
        lock (_lock)
        {
            return _payments.Count(p => p.ReservationId == reservationId && p.RefundId is not null);
        }
    }

    public async Task<PaymentResult> ChargeAsync(PaymentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.IdempotencyKey);
        var currencyRules = Currencies.Get(request.Currency);
        var amount = currencyRules.ToMinorUnits(request.Amount);
        var currency = currencyRules.StripeCode;
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_chargeKeys.TryGetValue(request.IdempotencyKey, out var earlier))
            {
                return earlier.Request == request
                    ? earlier.Result
                    : new PaymentResult(PaymentStatus.Failed, null, Message: string.Format(null, IdempotencyKeyReusedMessage, request.IdempotencyKey));
            }

            PaymentResult result;
            if (!TestPaymentMethods.TryGetValue(request.PaymentMethodId, out var outcome))
            {
                // Stripe refuses the request before creating a PaymentIntent: nothing is recorded but the key.
                result = new PaymentResult(PaymentStatus.Failed, null, Message: $"No such PaymentMethod: '{request.PaymentMethodId}'");
            }
            else
            {
                var paymentId = NewId("pi_sim_");
                var clientSecret = outcome.Status == PaymentStatus.RequiresAction ? $"{paymentId}_secret_{RandomNumberGenerator.GetHexString(24, lowercase: true)}" : null;
                result = new PaymentResult(outcome.Status, paymentId, outcome.DeclineCode, outcome.Message, clientSecret);
                _paymentIndex[paymentId] = _payments.Count;
                _payments.Add(new SimulatedPayment(paymentId, request.ReservationId, amount, currency, request.PaymentMethodId,
                    request.IdempotencyKey, outcome.Status, outcome.DeclineCode, _time.GetUtcNow(), RefundId: null));
            }

            _chargeKeys[request.IdempotencyKey] = (request, result);
            return result;
        }
    }

    public Task<RefundResult> RefundAsync(string paymentId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var requests = _refundRequests[paymentId] = _refundRequests.GetValueOrDefault(paymentId) + 1;
            if (requests <= refundOutages)
            {
                throw new PaymentUnavailableException($"The payment provider answered 503 to refund request {requests} of {paymentId} (a simulated outage).");
            }

            if (_refundKeys.TryGetValue(idempotencyKey, out var earlier))
            {
                return Task.FromResult(earlier.PaymentId == paymentId
                    ? earlier.Result
                    : new RefundResult(false, null, string.Format(null, IdempotencyKeyReusedMessage, idempotencyKey)));
            }

            RefundResult result;
            if (!_paymentIndex.TryGetValue(paymentId, out var index))
            {
                result = new RefundResult(false, null, $"No such payment_intent: '{paymentId}'");
            }
            else if (_payments[index] is { RefundId: not null })
            {
                result = new RefundResult(true, null, "The payment was already refunded.");
            }
            else if (_payments[index].Status != PaymentStatus.Succeeded)
            {
                result = new RefundResult(false, null, "This PaymentIntent does not have a successful charge to refund.");
            }
            else
            {
                var payment = _payments[index];
                var refundId = NewId("re_sim_");
                _payments[index] = payment with { RefundId = refundId };
                _refunds.Add(new SimulatedRefund(refundId, paymentId, payment.ReservationId, payment.AmountMinorUnits, payment.Currency, idempotencyKey, _time.GetUtcNow()));
                result = new RefundResult(true, refundId);
            }

            _refundKeys[idempotencyKey] = (paymentId, result);
            return Task.FromResult(result);
        }
    }

    public Task<string?> FindReservationIdAsync(string paymentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(_paymentIndex.TryGetValue(paymentId, out var index) ? _payments[index].ReservationId : null);
        }
    }

    /// <summary>True: the simulator's answers keep the decline code, which helps testing.</summary>
    public bool ShowsDeclineCodes => true;

    /// <summary>
    /// Finishes a payment that is waiting for the customer (status <see cref="PaymentStatus.RequiresAction"/>), as
    /// the customer passing or failing 3-D Secure would, and returns the notification Stripe's webhook would deliver
    /// (<c>payment_intent.succeeded</c> or <c>payment_intent.payment_failed</c>). Calling it again with the same
    /// outcome returns the same notification (webhooks can be redelivered).
    /// </summary>
    /// <exception cref="ArgumentException">No payment has this id.</exception>
    /// <exception cref="InvalidOperationException">The payment is not waiting for the customer, or was already completed the other way.</exception>
    public PaymentNotification CompleteAction(string paymentId, bool succeeded)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentId);
        lock (_lock)
        {
            if (!_paymentIndex.TryGetValue(paymentId, out var index))
            {
                throw new ArgumentException($"No simulated payment has the id '{paymentId}'.", nameof(paymentId));
            }

            if (_completedActions.TryGetValue(paymentId, out var earlier))
            {
                return earlier.Succeeded == succeeded
                    ? earlier
                    : throw new InvalidOperationException($"Payment '{paymentId}' was already completed with Succeeded = {earlier.Succeeded}.");
            }

            var payment = _payments[index];
            if (payment.Status != PaymentStatus.RequiresAction)
            {
                throw new InvalidOperationException($"Payment '{paymentId}' is {payment.Status}, not waiting for the customer to act.");
            }

            _payments[index] = succeeded
                ? payment with { Status = PaymentStatus.Succeeded }
                : payment with { Status = PaymentStatus.Declined, DeclineCode = "payment_intent_authentication_failure" };
            var notification = new PaymentNotification(payment.ReservationId, paymentId, succeeded, succeeded ? null : AuthenticationFailedMessage,
                payment.AmountMinorUnits, payment.Currency);
            _completedActions[paymentId] = notification;
            return notification;
        }
    }

    private static Outcome Declined(string declineCode, string message) => new(PaymentStatus.Declined, declineCode, message);

    private static string NewId(string prefix) => prefix + RandomNumberGenerator.GetHexString(24, lowercase: true);

    private sealed record Outcome(PaymentStatus Status, string? DeclineCode, string? Message);
}
