using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TicketBooking.Payments;

namespace TicketBooking.Tests.Payments;

public sealed class PaymentsServicesTests
{
    private static ServiceProvider Build(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return new ServiceCollection().AddLogging().AddPayments(configuration).BuildServiceProvider(validateScopes: true);
    }

    [Fact]
    public void TheSimulatorIsTheDefaultAndIsReachableForTests()
    {
        using var services = Build();

        var gateway = services.GetRequiredService<IPaymentGateway>();

        Assert.IsType<SimulatedPaymentGateway>(gateway);
        Assert.Same(gateway, services.GetRequiredService<SimulatedPaymentGateway>());
        Assert.NotNull(services.GetRequiredService<StripeWebhook>());
    }

    [Fact]
    public void TheStripeProviderNeedsTheSecretKeyAndTheWebhookSecret()
    {
        using var services = Build(("Payments:Provider", "Stripe"), ("Stripe:SecretKey", "sk_test_x"));

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StripeOptions>>().Value);

        Assert.Contains("Stripe:WebhookSecret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSimulatorNeedsNoStripeSecrets()
    {
        using var services = Build(("Payments:Provider", "Simulator"));

        Assert.Null(services.GetRequiredService<IOptions<StripeOptions>>().Value.SecretKey);
    }

    [Fact]
    public async Task TheStripeProviderChargesThroughStripeAtTheConfiguredApiBase()
    {
        await using var stripe = await FakeStripeServer.StartAsync();
        using var services = Build(
            ("Payments:Provider", "Stripe"),
            ("Stripe:SecretKey", FakeStripeServer.SecretKey),
            ("Stripe:WebhookSecret", StripeTestEvents.WebhookSecret),
            ("Stripe:ApiBase", stripe.ApiBase));

        var gateway = services.GetRequiredService<IPaymentGateway>();
        var result = await gateway.ChargeAsync(new PaymentRequest("res-di", 10m, "USD", "pm_card_visa", "key-di", "DI test"));

        Assert.IsType<StripePaymentGateway>(gateway);
        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Equal(1, stripe.SucceededCharges("res-di"));
    }
}
