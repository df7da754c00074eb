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
    public void ThePaymentProviderHasNoDefault()
    {
        using var services = Build();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PaymentsOptions>>().Value);

        Assert.Contains("Payments:Provider", ex.Message, StringComparison.Ordinal);
        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IPaymentGateway>());
    }

    [Fact]
    public void TheSimulatorIsReachableForTests()
    {
        using var services = Build(("Payments:Provider", "Simulator"));

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

    [Theory]
    [InlineData("Stripe:SecretKey", "@Microsoft.KeyVault(SecretUri=https://vault.vault.azure.net/secrets/stripe-secret-key/)")]
    [InlineData("Stripe:SecretKey", "pk_test_0123456789abcdef")]
    [InlineData("Stripe:WebhookSecret", "@Microsoft.KeyVault(SecretUri=https://vault.vault.azure.net/secrets/stripe-webhook-secret/)")]
    [InlineData("Stripe:WebhookSecret", "secret")]
    public void AStripeSecretOfTheWrongFormIsRefusedByName(string setting, string value)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Payments:Provider"] = "Stripe",
            ["Stripe:SecretKey"] = FakeStripeServer.SecretKey,
            ["Stripe:WebhookSecret"] = StripeTestEvents.WebhookSecret,
            [setting] = value,
        };
        using var services = Build(settings.Select(s => (s.Key, s.Value)).ToArray());

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StripeOptions>>().Value);

        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sk_test_0123456789abcdef", true)]
    [InlineData("sk_live_0123456789abcdef", true)]
    [InlineData("rk_live_0123456789abcdef", true)]
    [InlineData("pk_live_0123456789abcdef", false)]
    [InlineData("sk_", false)]
    [InlineData("@Microsoft.KeyVault(VaultName=v;SecretName=s)", false)]
    public void StripeApiKeysAreSecretOrRestrictedKeys(string value, bool accepted) =>
        Assert.Equal(accepted, StripeSecrets.IsApiKey(value));

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
