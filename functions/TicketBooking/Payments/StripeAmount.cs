namespace TicketBooking.Payments;

/// <summary>
/// Converts amounts in a currency's major unit (12.50 USD) to the integer minor units Stripe expects (1250) and back,
/// after the rules of <see cref="Currencies"/>: zero-decimal currencies (JPY 500 is 500), three-decimal currencies
/// (the last digit must be 0) and ISK (two-decimal in the API but whole krónur only). Both gateways use it, so the
/// simulator rejects what Stripe would reject.
/// </summary>
public static class StripeAmount
{
    /// <summary>Stripe's currency code: the ISO 4217 code in lower case.</summary>
    /// <exception cref="ArgumentException">The currency is not a supported ISO 4217 code.</exception>
    public static string Currency(string currency) => Currencies.Get(currency).StripeCode;

    /// <summary>The amount in minor units.</summary>
    /// <exception cref="ArgumentException">The currency is not a supported ISO 4217 code.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The amount is not positive, finer than Stripe accepts in the
    /// currency (0.5 JPY, 0.001 USD, 5.125 KWD, 5.5 ISK), or more than one charge may be.</exception>
    public static long ToMinorUnits(decimal amount, string currency) => Currencies.Get(currency).ToMinorUnits(amount);

    /// <summary>The amount in the major unit (the inverse of <see cref="ToMinorUnits"/>).</summary>
    /// <exception cref="ArgumentException">The currency is not a supported ISO 4217 code.</exception>
    public static decimal FromMinorUnits(long minorUnits, string currency) => Currencies.Get(currency).FromMinorUnits(minorUnits);
}
