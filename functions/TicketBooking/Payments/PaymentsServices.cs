using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TicketBooking.Payments;

/// <summary>Registers payments: the <see cref="IPaymentGateway"/> that <see cref="PaymentsOptions.Provider"/> names, and the Stripe webhook reader.</summary>
public static class PaymentsServices
{
    /// <summary>How long one HTTP call to Stripe may take (Stripe.net retries a failed call twice with the same idempotency key).</summary>
    private static readonly TimeSpan StripeRequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <see cref="PaymentsOptions.Provider"/> must be named (no default: the local host's embedded defaults name the
    /// simulator). Simulator: <see cref="SimulatedPaymentGateway"/>, also resolvable as itself so local tools can
    /// complete 3-D Secure payments and count charges. Stripe: <see cref="StripePaymentGateway"/> over one long-lived
    /// <see cref="HttpClient"/> from IHttpClientFactory; Stripe:SecretKey and Stripe:WebhookSecret are checked at start,
    /// present and of Stripe's form (which also catches an unresolved Key Vault reference).
    /// </summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PaymentsOptions>().Bind(configuration.GetSection(PaymentsOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.Provider is not null, "Set Payments:Provider (Stripe in Azure; the local host defaults to Simulator).")
            .ValidateOnStart();
        services.AddOptions<StripeOptions>().Bind(configuration.GetSection(StripeOptions.Section)).ValidateDataAnnotations()
            .Validate<IOptions<PaymentsOptions>>(
                (stripe, payments) => payments.Value.Provider != PaymentProvider.Stripe
                    || (!string.IsNullOrWhiteSpace(stripe.SecretKey) && !string.IsNullOrWhiteSpace(stripe.WebhookSecret)),
                "Payments:Provider is Stripe: set Stripe:SecretKey and Stripe:WebhookSecret (Key Vault references in Azure, user secrets locally).")
            .Validate(stripe => string.IsNullOrEmpty(stripe.SecretKey) || StripeSecrets.IsApiKey(stripe.SecretKey),
                "Stripe:SecretKey is not a Stripe API key (sk_... or rk_...). In Azure an unresolved Key Vault reference "
                + "(@Microsoft.KeyVault(...)) looks like this: check the secret and the app's access to the vault.")
            .Validate(stripe => string.IsNullOrEmpty(stripe.WebhookSecret) || StripeSecrets.IsWebhookSecret(stripe.WebhookSecret),
                "Stripe:WebhookSecret is not a Stripe webhook signing secret (whsec_...). In Azure an unresolved Key Vault reference "
                + "(@Microsoft.KeyVault(...)) looks like this: check the secret and the app's access to the vault.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<StripeWebhook>();

        switch (configuration.GetSection(PaymentsOptions.Section).Get<PaymentsOptions>()?.Provider)
        {
            case PaymentProvider.Simulator:
                services.AddSingleton(sp => new SimulatedPaymentGateway(sp.GetService<TimeProvider>(),
                    sp.GetRequiredService<IOptions<PaymentsOptions>>().Value.SimulatedRefundOutages));
                services.AddSingleton<IPaymentGateway>(sp => sp.GetRequiredService<SimulatedPaymentGateway>());
                return services;
            case null:
                // Start fails on the options above; anything resolved before that hears the same reason.
                services.AddSingleton<IPaymentGateway>(sp =>
                {
                    _ = sp.GetRequiredService<IOptions<PaymentsOptions>>().Value;
                    throw new InvalidOperationException("Set Payments:Provider.");
                });
                return services;
        }

        // The Stripe client is a singleton and keeps its HttpClient for good, so the handler is never recycled by the
        // factory; PooledConnectionLifetime makes the pooled connections pick up DNS changes instead.
        services.AddHttpClient(StripePaymentGateway.HttpClientName, client => client.Timeout = StripeRequestTimeout)
            .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddSingleton(sp => StripePaymentGateway.CreateClient(
            sp.GetRequiredService<IOptions<StripeOptions>>().Value,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(StripePaymentGateway.HttpClientName)));
        services.AddSingleton<IPaymentGateway, StripePaymentGateway>();
        return services;
    }
}
