using System.ComponentModel.DataAnnotations;
using TicketBooking.Configuration;

namespace TicketBooking.Payments;

/// <summary>
/// Stripe credentials (section <c>Stripe</c>). In Azure both secrets are Key Vault references in the app settings;
/// locally they come from user secrets or local.settings.json, never from committed files.
/// </summary>
public sealed class StripeOptions
{
    public const string Section = "Stripe";

    /// <summary>Secret API key (<c>sk_live_...</c> or <c>sk_test_...</c>, or a restricted <c>rk_...</c> key).</summary>
    public string? SecretKey { get; set; }

    /// <summary>Signing secret of the webhook endpoint (<c>whsec_...</c>); verifies <c>Stripe-Signature</c>.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Base URL of the Stripe API; only set to point the client at a local fake server (tests).</summary>
    [LocalOnly]
    [Url]
    public string? ApiBase { get; set; }
}
