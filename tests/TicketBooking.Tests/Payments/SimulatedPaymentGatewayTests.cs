using TicketBooking.Payments;

namespace TicketBooking.Tests.Payments;

public sealed class SimulatedPaymentGatewayTests : PaymentGatewayContract
{
    private readonly SimulatedPaymentGateway _simulator = new();

    protected override IPaymentGateway Gateway => _simulator;

    protected override int ChargesFor(string reservationId) => _simulator.ChargeCount(reservationId);

    protected override int RefundsFor(string reservationId) => _simulator.RefundCount(reservationId);

    protected override IReadOnlyList<(long Amount, string Currency)> ChargedAmounts(string reservationId) =>
        [.. _simulator.Payments.Where(p => p.ReservationId == reservationId && p.Status == PaymentStatus.Succeeded).Select(p => (p.AmountMinorUnits, p.Currency))];

    [Fact]
    public async Task WithRefundOutagesTheFirstRefundRequestsOfAPaymentFailAsUnavailableAndRefundNothing()
    {
        var simulator = new SimulatedPaymentGateway(refundOutages: 2);
        var request = Request("pm_card_visa");
        var paid = await simulator.ChargeAsync(request);

        var first = await Assert.ThrowsAsync<PaymentUnavailableException>(() => simulator.RefundAsync(paid.PaymentId!, "refund-key"));
        await Assert.ThrowsAsync<PaymentUnavailableException>(() => simulator.RefundAsync(paid.PaymentId!, "refund-key"));
        var refundsDuringTheOutage = simulator.RefundCount(request.ReservationId);
        var third = await simulator.RefundAsync(paid.PaymentId!, "refund-key");

        Assert.Contains("503", first.Detail, StringComparison.Ordinal);
        Assert.Equal(0, refundsDuringTheOutage);
        Assert.True(third.Succeeded);
        Assert.Equal(1, simulator.RefundCount(request.ReservationId));
    }

    [Fact]
    public async Task PassingThreeDSecureLaterTakesTheMoneyAndNotifiesLikeTheWebhook()
    {
        var request = Request("pm_card_authenticationRequired");
        var pending = await _simulator.ChargeAsync(request);

        var notification = _simulator.CompleteAction(pending.PaymentId!, succeeded: true);

        Assert.Equal(new PaymentNotification(request.ReservationId, pending.PaymentId!, true, null, StripeAmount.ToMinorUnits(request.Amount, request.Currency),
            StripeAmount.Currency(request.Currency)), notification);
        Assert.Equal(1, _simulator.ChargeCount(request.ReservationId));
    }

    [Fact]
    public async Task FailingThreeDSecureLaterChargesNothingAndSaysWhy()
    {
        var request = Request("pm_card_threeDSecure2Required");
        var pending = await _simulator.ChargeAsync(request);

        var notification = _simulator.CompleteAction(pending.PaymentId!, succeeded: false);

        Assert.False(notification.Succeeded);
        Assert.Equal(request.ReservationId, notification.ReservationId);
        Assert.Contains("failed authentication", notification.FailureMessage, StringComparison.Ordinal);
        Assert.Equal(0, _simulator.ChargeCount(request.ReservationId));
        Assert.Equal(PaymentStatus.Declined, Assert.Single(_simulator.Payments, p => p.PaymentId == pending.PaymentId).Status);
    }

    [Fact]
    public async Task CompletingAnActionTwiceRepeatsTheNotificationAndNeverChargesTwice()
    {
        var pending = await _simulator.ChargeAsync(Request("pm_card_authenticationRequired"));
        var first = _simulator.CompleteAction(pending.PaymentId!, succeeded: true);

        var again = _simulator.CompleteAction(pending.PaymentId!, succeeded: true);

        Assert.Equal(first, again);
        Assert.Equal(1, _simulator.ChargeCount(first.ReservationId));
        Assert.Throws<InvalidOperationException>(() => _simulator.CompleteAction(pending.PaymentId!, succeeded: false));
    }

    [Fact]
    public async Task OnlyAPaymentWaitingForTheCustomerCanBeCompleted()
    {
        var paid = await _simulator.ChargeAsync(Request("pm_card_visa"));

        Assert.Throws<InvalidOperationException>(() => _simulator.CompleteAction(paid.PaymentId!, succeeded: true));
        Assert.Throws<ArgumentException>(() => _simulator.CompleteAction("pi_unknown", succeeded: true));
    }

    [Fact]
    public async Task ARetryOfAThreeDSecureChargeReplaysTheFirstAnswerAsStripeDoes()
    {
        var request = Request("pm_card_authenticationRequired");
        var pending = await _simulator.ChargeAsync(request);
        _simulator.CompleteAction(pending.PaymentId!, succeeded: true);

        var retry = await _simulator.ChargeAsync(request);

        Assert.Equal(pending, retry);
        Assert.Equal(1, _simulator.ChargeCount(request.ReservationId));
    }

    [Fact]
    public async Task ManyReservationsChargedInParallelAreEachChargedOnce()
    {
        var requests = Enumerable.Range(0, 200).Select(_ => Request("pm_card_visa")).ToList();

        await Parallel.ForEachAsync(requests.Concat(requests), async (request, ct) => await _simulator.ChargeAsync(request, ct));

        Assert.All(requests, r => Assert.Equal(1, _simulator.ChargeCount(r.ReservationId)));
        Assert.Equal(200, _simulator.Payments.Count);
    }


    [Fact]
    public async Task TheLedgerKeepsWhatStripeWouldHaveBeenSent()
    {
        var request = Request("pm_card_visa", amount: 12.5m, currency: "EUR");

        var result = await _simulator.ChargeAsync(request);

        var payment = Assert.Single(_simulator.Payments);
        Assert.Equal(result.PaymentId, payment.PaymentId);
        Assert.Equal((request.ReservationId, 1250L, "eur", "pm_card_visa", request.IdempotencyKey),
            (payment.ReservationId, payment.AmountMinorUnits, payment.Currency, payment.PaymentMethodId, payment.IdempotencyKey));
    }
}
