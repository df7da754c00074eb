namespace TicketBooking.Payments;

/// <summary>
/// Converts amounts in a currency's major unit (12.50 USD) to the integer minor units Stripe expects (1250), after
/// Stripe's currency rules: zero-decimal currencies (JPY 500 is 500), three-decimal currencies (the last digit must
/// be 0) and ISK (two-decimal in the API but whole krónur only). Both gateways use it, so the simulator rejects what
/// Stripe would reject.
/// </summary>
public static class StripeAmount
{
    private static readonly HashSet<string> ZeroDecimal = new(StringComparer.OrdinalIgnoreCase)
    {
        "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf",
    };

    private static readonly HashSet<string> ThreeDecimal = new(StringComparer.OrdinalIgnoreCase)
    {
        "bhd", "jod", "kwd", "omr", "tnd",
    };

    /// <summary>Stripe's currency code: the ISO 4217 code in lower case.</summary>
    /// <exception cref="ArgumentException">The currency is not a three-letter code.</exception>
    public static string Currency(string currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetter))
        {
            throw new ArgumentException($"'{currency}' is not a three-letter ISO 4217 currency code.", nameof(currency));
        }

        return currency.ToLowerInvariant();
    }

    /// <summary>How many minor units make one major unit (1 for JPY, 100 for USD, 1000 for KWD).</summary>
    public static int Factor(string currency)
    {
        var code = Currency(currency);
        return ZeroDecimal.Contains(code) ? 1 : ThreeDecimal.Contains(code) ? 1000 : 100;
    }

    /// <summary>The amount in minor units.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The amount is not positive, or finer than the currency allows (0.5 JPY, 0.001 USD).</exception>
    public static long ToMinorUnits(decimal amount, string currency)
    {
        var code = Currency(currency);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        var minor = amount * Factor(code);
        if (minor != decimal.Truncate(minor))
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, $"{amount} {code.ToUpperInvariant()} has more decimals than the currency allows.");
        }

        // Three-decimal currencies: Stripe requires the last digit to be 0. ISK: whole krónur only (multiples of 100).
        var step = ThreeDecimal.Contains(code) ? 10 : code == "isk" ? 100 : 1;
        if (minor % step != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, $"Stripe accepts {code.ToUpperInvariant()} amounts only in steps of {step} minor units.");
        }

        return (long)minor;
    }

    /// <summary>The amount in the major unit (the inverse of <see cref="ToMinorUnits"/>).</summary>
    public static decimal FromMinorUnits(long minorUnits, string currency) => (decimal)minorUnits / Factor(currency);
}
