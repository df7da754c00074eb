namespace TicketBooking.Payments;

/// <summary>The forms of Stripe's secrets, checked at start so a wrong or unresolved secret fails there and not at the first charge.</summary>
public static class StripeSecrets
{
    /// <summary>A secret (<c>sk_</c>) or restricted (<c>rk_</c>) API key, live or test.</summary>
    public static bool IsApiKey(string value) =>
        (value.StartsWith("sk_", StringComparison.Ordinal) || value.StartsWith("rk_", StringComparison.Ordinal)) && IsToken(value);

    /// <summary>A webhook endpoint's signing secret.</summary>
    public static bool IsWebhookSecret(string value) => value.StartsWith("whsec_", StringComparison.Ordinal) && IsToken(value);

    private static bool IsToken(string value) => value.Length > 8 && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
