using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using TicketBooking.Http;
using TicketBooking.Payments;
using TicketBooking.Testing;

namespace TicketBooking.Tests.Payments;

/// <summary>The real Stripe.net client against <see cref="FakeStripeServer"/>: the contract, and what goes over the wire.</summary>
public sealed class StripePaymentGatewayTests : PaymentGatewayContract, IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private FakeStripeServer _stripe = null!;
    private StripePaymentGateway _gateway = null!;

    protected override IPaymentGateway Gateway => _gateway;

    public async Task InitializeAsync()
    {
        _stripe = await FakeStripeServer.StartAsync();
        _gateway = GatewayFor(_stripe.ApiBase, FakeStripeServer.SecretKey);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _stripe.DisposeAsync();
    }

    protected override int ChargesFor(string reservationId) => _stripe.SucceededCharges(reservationId);

    protected override int RefundsFor(string reservationId) => _stripe.Refunds(reservationId);

    protected override IReadOnlyList<(long Amount, string Currency)> ChargedAmounts(string reservationId) => _stripe.ChargedAmounts(reservationId);

    private StripePaymentGateway GatewayFor(string apiBase, string secretKey) => new(
        StripePaymentGateway.CreateClient(new StripeOptions { SecretKey = secretKey, WebhookSecret = "whsec_unused", ApiBase = apiBase }, _http),
        NullLogger<StripePaymentGateway>.Instance);

    [Fact]
    public async Task AChargeIsOneConfirmedPaymentIntentPostedAsAForm()
    {
        var request = Request("pm_card_visa", amount: 42.50m, currency: "USD");

        await _gateway.ChargeAsync(request);

        var sent = Assert.Single(_stripe.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal("/v1/payment_intents", sent.Path);
        Assert.StartsWith("application/x-www-form-urlencoded", sent.ContentType, StringComparison.Ordinal);
        Assert.Equal("Bearer " + FakeStripeServer.SecretKey, sent.Authorization);
        Assert.Equal(request.IdempotencyKey, sent.IdempotencyKey);
        Assert.Equal("4250", sent.Form["amount"]);
        Assert.Equal("usd", sent.Form["currency"]);
        Assert.Equal("pm_card_visa", sent.Form["payment_method"]);
        Assert.Equal("true", sent.Form["confirm"]);
        Assert.Equal("true", sent.Form["automatic_payment_methods[enabled]"]);
        Assert.Equal("never", sent.Form["automatic_payment_methods[allow_redirects]"]);
        Assert.Equal(request.ReservationId, sent.Form["metadata[reservationId]"]);
        Assert.Equal(["metadata[reservationId]"], sent.Form.Keys.Where(k => k.StartsWith("metadata[", StringComparison.Ordinal)));
        Assert.Equal(request.Description, sent.Form["description"]);
    }

    [Fact]
    public async Task AZeroDecimalCurrencyIsSentWithoutMinorUnitScaling()
    {
        await _gateway.ChargeAsync(Request("pm_card_visa", amount: 5000m, currency: "JPY"));

        var sent = Assert.Single(_stripe.Requests);
        Assert.Equal("5000", sent.Form["amount"]);
        Assert.Equal("jpy", sent.Form["currency"]);
    }

    [Fact]
    public async Task ARetryIsTheSameRequestWithTheSameKeyAndStripeReplaysIt()
    {
        var request = Request("pm_card_visa");

        await _gateway.ChargeAsync(request);
        await _gateway.ChargeAsync(request);

        var sent = _stripe.Requests;
        Assert.Equal(2, sent.Count);
        Assert.Equal(sent[0].Form, sent[1].Form);
        Assert.All(sent, s => Assert.Equal(request.IdempotencyKey, s.IdempotencyKey));
        Assert.Equal(1, _stripe.SucceededCharges(request.ReservationId));
    }

    [Fact]
    public async Task A402CardErrorBecomesADeclineWithTheIntentItCreated()
    {
        var result = await _gateway.ChargeAsync(Request("pm_card_chargeDeclinedInsufficientFunds"));

        Assert.Equal(PaymentStatus.Declined, result.Status);
        Assert.Equal("insufficient_funds", result.DeclineCode);
        Assert.Equal("Your card has insufficient funds.", result.Message);
        Assert.StartsWith("pi_", result.PaymentId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequiresActionCarriesTheClientSecretForTheBrowser()
    {
        var result = await _gateway.ChargeAsync(Request("pm_card_authenticationRequired"));

        Assert.Equal(PaymentStatus.RequiresAction, result.Status);
        Assert.NotNull(result.ClientSecret);
        Assert.Contains("_secret_", result.ClientSecret, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefundIsPostedForThePaymentIntentWithTheCallersKey()
    {
        var payment = await _gateway.ChargeAsync(Request("pm_card_visa"));

        var refund = await _gateway.RefundAsync(payment.PaymentId!, "refund-key-1");

        Assert.True(refund.Succeeded);
        var sent = _stripe.Requests[^1];
        Assert.Equal(("POST", "/v1/refunds", "refund-key-1"), (sent.Method, sent.Path, sent.IdempotencyKey));
        Assert.Equal(payment.PaymentId, sent.Form["payment_intent"]);
        Assert.False(sent.Form.ContainsKey("amount"), "A full refund sends no amount.");
    }

    [Fact]
    public async Task AStripeServerErrorIsAnUnknownOutcomeNotAFailure()
    {
        _stripe.RespondNext(HttpStatusCode.InternalServerError,
            """{"error":{"type":"api_error","message":"An unknown error occurred."}}""");

        var ex = await Assert.ThrowsAsync<PaymentUnavailableException>(() => _gateway.ChargeAsync(Request("pm_card_visa")));

        Assert.Equal(503, ProblemMapper.StatusOf(ex.Kind));
        Assert.Equal("/problems/payment-unavailable", ProblemMapper.TypeOf(ex.Kind));
    }

    [Fact]
    public async Task ARateLimitIsAnUnknownOutcomeToRetry()
    {
        _stripe.RespondNext(HttpStatusCode.TooManyRequests,
            """{"error":{"type":"invalid_request_error","code":"rate_limit","message":"Too many requests hit the API too quickly."}}""");

        await Assert.ThrowsAsync<PaymentUnavailableException>(() => _gateway.ChargeAsync(Request("pm_card_visa")));
    }

    [Fact]
    public async Task AnUnreachableStripeIsAnUnknownOutcome()
    {
        var gateway = GatewayFor($"http://127.0.0.1:{ClosedPort()}", FakeStripeServer.SecretKey);

        await Assert.ThrowsAsync<PaymentUnavailableException>(() => gateway.ChargeAsync(Request("pm_card_visa")));
    }

    [Fact]
    public async Task AWrongApiKeyFailsWithoutEchoingTheKey()
    {
        const string wrongKey = "sk_test_wrongwrongwrongwrongwrong9876";
        var gateway = GatewayFor(_stripe.ApiBase, wrongKey);

        var result = await gateway.ChargeAsync(Request("pm_card_visa"));

        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.DoesNotContain("9876", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_test", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancellingTheCallerCancelsTheCall()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _gateway.ChargeAsync(Request("pm_card_visa"), cancelled.Token));
    }

    private static int ClosedPort() => Loopback.PortFreeNow();
}
