using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TicketBooking.Errors;
using TicketBooking.Http;
using TicketBooking.Payments;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Payments;

public sealed class StripeWebhookTests
{
    private readonly ManualTime _time = new();

    private StripeWebhook Webhook(string? secret = StripeTestEvents.WebhookSecret) =>
        new(Options.Create(new StripeOptions { WebhookSecret = secret }), _time, NullLogger<StripeWebhook>.Instance);

    private string Signed(string payload) => StripeTestEvents.SignatureHeader(payload, _time.GetUtcNow());

    [Fact]
    public void ASucceededPaymentIntentReachesItsReservation()
    {
        var payload = StripeTestEvents.PaymentIntentEvent("payment_intent.succeeded", "pi_123", "res-1");

        var notification = Webhook().Parse(payload, Signed(payload))?.Payment;

        Assert.Equal(new PaymentNotification("res-1", "pi_123", true, null, 4250, "usd"), notification);
    }

    [Fact]
    public void AFailedPaymentIntentCarriesTheReasonForTheCustomer()
    {
        var payload = StripeTestEvents.PaymentIntentEvent("payment_intent.payment_failed", "pi_456", "res-2",
            failureMessage: "The provided PaymentMethod has failed authentication.");

        var notification = Webhook().Parse(payload, Signed(payload))?.Payment;

        Assert.Equal(new PaymentNotification("res-2", "pi_456", false, "The provided PaymentMethod has failed authentication.", 4250, "usd"), notification);
    }

    [Fact]
    public void AFailedPaymentIntentWithoutAnErrorStillSaysItFailed()
    {
        var payload = StripeTestEvents.PaymentIntentEvent("payment_intent.payment_failed", "pi_789", "res-3");

        var notification = Webhook().Parse(payload, Signed(payload))?.Payment;

        Assert.NotNull(notification);
        Assert.False(notification.Succeeded);
        Assert.False(string.IsNullOrWhiteSpace(notification.FailureMessage));
    }

    [Fact]
    public void ASignatureMadeWithAnotherSecretIsA400Problem()
    {
        var payload = StripeTestEvents.PaymentIntentEvent("payment_intent.succeeded", "pi_123", "res-1");
        var forged = StripeTestEvents.SignatureHeader(payload, _time.GetUtcNow(), "whsec_someone_else");

        var problem = Assert.Throws<DomainException>(() => Webhook().Parse(payload, forged));

        AssertInvalidSignature(problem);
    }

    [Fact]
    public void ABodyChangedAfterSigningIsA400Problem()
    {
        var payload = StripeTestEvents.PaymentIntentEvent("payment_intent.succeeded", "pi_123", "res-1");
        var header = Signed(payload);

        var problem = Assert.Throws<DomainException>(() => Webhook().Parse(payload.Replace("res-1", "res-9", StringComparison.Ordinal), header));

        AssertInvalidSignature(problem);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    public void AMissingOrUnreadableSignatureHeaderIsA400Problem(string? header)
    {
        var payload = StripeTestEvents.PaymentIntentEvent("payment_intent.succeeded", "pi_123", "res-1");

        var problem = Assert.Throws<DomainException>(() => Webhook().Parse(payload, header));

        AssertInvalidSignature(problem);
    }

    [Fact]
    public void ADeliverySignedMoreThanFiveMinutesAgoIsRejectedAsAReplay()
    {
        var payload = StripeTestEvents.PaymentIntentEvent("payment_intent.succeeded", "pi_123", "res-1");
        var header = Signed(payload);

        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.NotNull(Webhook().Parse(payload, header));
        _time.Advance(TimeSpan.FromMinutes(2));
        var problem = Assert.Throws<DomainException>(() => Webhook().Parse(payload, header));

        AssertInvalidSignature(problem);
        Assert.Contains("tolerance", problem.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ASignedPayloadThatIsNotJsonIsA400Problem()
    {
        const string payload = "{not json";

        var problem = Assert.Throws<DomainException>(() => Webhook().Parse(payload, Signed(payload)));

        AssertInvalidSignature(problem);
    }

    [Fact]
    public void APaymentEventWithoutAPaymentIntentIsA400Problem()
    {
        var payload = StripeTestEvents.Event("payment_intent.succeeded", new System.Text.Json.Nodes.JsonObject { ["id"] = "cus_1", ["object"] = "customer" });

        var problem = Assert.Throws<DomainException>(() => Webhook().Parse(payload, Signed(payload)));

        AssertInvalidSignature(problem);
    }

    [Theory]
    [InlineData("payment_intent.created")]
    [InlineData("payment_intent.requires_action")]
    [InlineData("charge.succeeded")]
    [InlineData("customer.created")]
    public void OtherEventTypesAreAcknowledgedAndIgnored(string type)
    {
        var payload = StripeTestEvents.PaymentIntentEvent(type, "pi_123", "res-1");

        Assert.Null(Webhook().Parse(payload, Signed(payload)));
    }

    [Fact]
    public void APaymentIntentThatNamesNoReservationIsIgnored()
    {
        var payload = StripeTestEvents.PaymentIntentEvent("payment_intent.succeeded", "pi_other_integration", reservationId: null);

        Assert.Null(Webhook().Parse(payload, Signed(payload)));
    }

    [Fact]
    public void WithoutAConfiguredSecretEveryDeliveryIsRefused()
    {
        var payload = StripeTestEvents.PaymentIntentEvent("payment_intent.succeeded", "pi_123", "res-1");

        var problem = Assert.Throws<DomainException>(() => Webhook(secret: null).Parse(payload, Signed(payload)));

        AssertInvalidSignature(problem);
    }

    [Fact]
    public void AProblemMapsToA400ProblemDocument()
    {
        var problem = Assert.Throws<DomainException>(() => Webhook().Parse("{}", "t=1,v1=00"));

        var details = ProblemMapper.ToProblem(problem);

        Assert.Equal((400, "/problems/invalid-signature"), (details.Status, details.Type));
        Assert.False(string.IsNullOrWhiteSpace(details.Title));
    }

    private static void AssertInvalidSignature(DomainException problem)
    {
        Assert.Equal(400, ProblemMapper.StatusOf(problem.Kind));
        Assert.Equal(ErrorKind.InvalidSignature, problem.Kind);
        Assert.Equal("/problems/invalid-signature", ProblemMapper.TypeOf(problem.Kind));
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        Assert.DoesNotContain(StripeTestEvents.WebhookSecret, problem.Detail, StringComparison.Ordinal);
    }
}
