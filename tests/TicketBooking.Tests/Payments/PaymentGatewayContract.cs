using System.Globalization;
using TicketBooking.Payments;

namespace TicketBooking.Tests.Payments;

/// <summary>
/// What every payment gateway must do, run against each implementation (the simulator; Stripe.net against the fake
/// Stripe server). Charges are counted in the provider's own books, not from what the gateway says.
/// </summary>
public abstract class PaymentGatewayContract
{
    protected abstract IPaymentGateway Gateway { get; }

    /// <summary>PaymentIntents for the reservation that took money, as the provider's books show.</summary>
    protected abstract int ChargesFor(string reservationId);

    /// <summary>Refunds made for the reservation, as the provider's books show.</summary>
    protected abstract int RefundsFor(string reservationId);

    /// <summary>Amount in minor units and currency of each charge that took money.</summary>
    protected abstract IReadOnlyList<(long Amount, string Currency)> ChargedAmounts(string reservationId);

    protected static PaymentRequest Request(string paymentMethodId, string? reservationId = null, string? idempotencyKey = null,
        decimal amount = 42.50m, string currency = "USD")
    {
        reservationId ??= "res-" + Guid.NewGuid().ToString("N")[..12];
        return new PaymentRequest(reservationId, amount, currency, paymentMethodId,
            idempotencyKey ?? $"charge-{reservationId}-{paymentMethodId}", $"TicketBooking reservation {reservationId}");
    }

    [Theory]
    [InlineData("pm_card_visa")]
    [InlineData("pm_card_mastercard")]
    [InlineData("pm_card_amex")]
    public async Task ATestCardThatSucceedsTakesTheMoneyOnce(string paymentMethod)
    {
        var request = Request(paymentMethod);

        var result = await Gateway.ChargeAsync(request);

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.StartsWith("pi_", result.PaymentId, StringComparison.Ordinal);
        Assert.Equal(1, ChargesFor(request.ReservationId));
    }

    [Theory]
    [InlineData("pm_card_chargeDeclined", "generic_decline")]
    [InlineData("pm_card_chargeDeclinedInsufficientFunds", "insufficient_funds")]
    [InlineData("pm_card_chargeDeclinedExpiredCard", "expired_card")]
    public async Task ADeclinedCardIsDeclinedWithItsReasonAndChargesNothing(string paymentMethod, string declineCode)
    {
        var request = Request(paymentMethod);

        var result = await Gateway.ChargeAsync(request);

        Assert.Equal(PaymentStatus.Declined, result.Status);
        Assert.Equal(declineCode, result.DeclineCode);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
        Assert.StartsWith("pi_", result.PaymentId, StringComparison.Ordinal);
        Assert.Equal(0, ChargesFor(request.ReservationId));
    }

    [Theory]
    [InlineData("pm_card_authenticationRequired")]
    [InlineData("pm_card_threeDSecure2Required")]
    public async Task ACardThatNeedsThreeDSecureRequiresActionWithAClientSecret(string paymentMethod)
    {
        var request = Request(paymentMethod);

        var result = await Gateway.ChargeAsync(request);

        Assert.Equal(PaymentStatus.RequiresAction, result.Status);
        Assert.StartsWith(result.PaymentId + "_secret_", result.ClientSecret, StringComparison.Ordinal);
        Assert.Equal(0, ChargesFor(request.ReservationId));
    }

    [Fact]
    public async Task AnUnknownPaymentMethodFailsAndChargesNothing()
    {
        var request = Request("pm_does_not_exist");

        var result = await Gateway.ChargeAsync(request);

        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Contains("No such PaymentMethod", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, ChargesFor(request.ReservationId));
    }

    [Fact]
    public async Task TheSameIdempotencyKeyTwiceChargesOnceAndAnswersTheSame()
    {
        var request = Request("pm_card_visa");

        var first = await Gateway.ChargeAsync(request);
        var second = await Gateway.ChargeAsync(request);

        Assert.Equal(PaymentStatus.Succeeded, first.Status);
        Assert.Equal(first, second);
        Assert.Equal(1, ChargesFor(request.ReservationId));
    }

    [Fact]
    public async Task ConcurrentRetriesWithOneKeyChargeOnce()
    {
        var request = Request("pm_card_visa");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Gateway.ChargeAsync(request))));

        Assert.All(results, r => Assert.Equal(PaymentStatus.Succeeded, r.Status));
        Assert.Single(results.Select(r => r.PaymentId).Distinct());
        Assert.Equal(1, ChargesFor(request.ReservationId));
    }

    [Fact]
    public async Task ADeclineIsRememberedUnderItsKey()
    {
        var request = Request("pm_card_chargeDeclined");

        var first = await Gateway.ChargeAsync(request);
        var second = await Gateway.ChargeAsync(request);

        Assert.Equal(PaymentStatus.Declined, second.Status);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task TheSameKeyWithAnotherCardIsRefusedAndChargesNothing()
    {
        // Why the idempotency key must name the attempt (reservation and payment method), not only the reservation.
        var declined = Request("pm_card_chargeDeclined");
        await Gateway.ChargeAsync(declined);

        var result = await Gateway.ChargeAsync(declined with { PaymentMethodId = "pm_card_visa" });

        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Contains("idempotent", result.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, ChargesFor(declined.ReservationId));
    }

    [Fact]
    public async Task ANewCardAfterADeclineWithItsOwnKeySucceeds()
    {
        var declined = Request("pm_card_chargeDeclined");
        await Gateway.ChargeAsync(declined);

        var retry = Request("pm_card_visa", declined.ReservationId);
        var result = await Gateway.ChargeAsync(retry);

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Equal(1, ChargesFor(declined.ReservationId));
    }

    [Theory]
    [InlineData("42.50", "USD", 4250, "usd")]
    [InlineData("5000", "JPY", 5000, "jpy")]
    [InlineData("75000", "KRW", 75000, "krw")]
    [InlineData("12.340", "KWD", 12340, "kwd")]
    [InlineData("4500", "ISK", 450000, "isk")]
    [InlineData("1990.50", "HUF", 199050, "huf")]
    public async Task AmountsAreChargedInMinorUnits(string amount, string currency, long expectedMinorUnits, string expectedCurrency)
    {
        var request = Request("pm_card_visa", amount: decimal.Parse(amount, CultureInfo.InvariantCulture), currency: currency);

        await Gateway.ChargeAsync(request);

        Assert.Equal((expectedMinorUnits, expectedCurrency), Assert.Single(ChargedAmounts(request.ReservationId)));
    }

    [Theory]
    [InlineData("100.5", "JPY")]
    [InlineData("10.005", "USD")]
    [InlineData("12.345", "KWD")]
    [InlineData("4500.50", "ISK")]
    [InlineData("1000000", "USD")]
    public async Task AnAmountStripeWouldRefuseIsRefusedBeforeAnythingIsSent(string amount, string currency)
    {
        var request = Request("pm_card_visa", amount: decimal.Parse(amount, CultureInfo.InvariantCulture), currency: currency);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Gateway.ChargeAsync(request));

        Assert.Empty(ChargedAmounts(request.ReservationId));
    }

    [Fact]
    public async Task AnUnsupportedCurrencyIsRefusedBeforeAnythingIsSent()
    {
        var request = Request("pm_card_visa", amount: 10m, currency: "XYZ");

        await Assert.ThrowsAsync<ArgumentException>(() => Gateway.ChargeAsync(request));

        Assert.Empty(ChargedAmounts(request.ReservationId));
    }

    [Fact]
    public async Task ARefundReturnsTheMoneyOnceAndRepeatsItsAnswer()
    {
        var request = Request("pm_card_visa");
        var payment = await Gateway.ChargeAsync(request);

        var refund = await Gateway.RefundAsync(payment.PaymentId!, "refund-" + request.ReservationId);
        var again = await Gateway.RefundAsync(payment.PaymentId!, "refund-" + request.ReservationId);

        Assert.True(refund.Succeeded);
        Assert.StartsWith("re_", refund.RefundId, StringComparison.Ordinal);
        Assert.Equal(refund, again);
        Assert.Equal(1, RefundsFor(request.ReservationId));
    }

    [Fact]
    public async Task RefundingAnAlreadyRefundedPaymentUnderANewKeyReportsItRefunded()
    {
        var request = Request("pm_card_visa");
        var payment = await Gateway.ChargeAsync(request);
        await Gateway.RefundAsync(payment.PaymentId!, "refund-1-" + request.ReservationId);

        var second = await Gateway.RefundAsync(payment.PaymentId!, "refund-2-" + request.ReservationId);

        Assert.True(second.Succeeded);
        Assert.Equal(1, RefundsFor(request.ReservationId));
    }

    [Fact]
    public async Task APaymentThatTookNoMoneyCannotBeRefunded()
    {
        var request = Request("pm_card_chargeDeclined");
        var payment = await Gateway.ChargeAsync(request);

        var refund = await Gateway.RefundAsync(payment.PaymentId!, "refund-" + request.ReservationId);

        Assert.False(refund.Succeeded);
        Assert.Null(refund.RefundId);
        Assert.Equal(0, RefundsFor(request.ReservationId));
    }

    [Fact]
    public async Task RefundingAnUnknownPaymentFails()
    {
        var refund = await Gateway.RefundAsync("pi_unknown", "refund-unknown-" + Guid.NewGuid().ToString("N"));

        Assert.False(refund.Succeeded);
        Assert.Contains("No such payment_intent", refund.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APaymentNamesTheReservationItWasMadeFor()
    {
        var request = Request("pm_card_visa");
        var payment = await Gateway.ChargeAsync(request);

        Assert.Equal(request.ReservationId, await Gateway.FindReservationIdAsync(payment.PaymentId!));
        Assert.Null(await Gateway.FindReservationIdAsync("pi_unknown"));
    }
}
