namespace TicketBooking.Payments;

/// <summary>
/// A currency tickets can be sold in, with the rules that make its amounts exact: how many decimals its amounts have
/// in Stripe's API (<see cref="MinorUnits"/>) and the step, in those minor units, that Stripe accepts
/// (<see cref="StripeStep"/>). Prices are <see cref="decimal"/> amounts in the major unit (12.50 USD); every price and
/// every total is a whole multiple of <see cref="SmallestAmount"/>, so converting it to Stripe's integer amount never
/// rounds. The table of supported currencies is <see cref="Currencies"/>.
/// </summary>
/// <param name="Code">The ISO 4217 code in upper case (<c>USD</c>).</param>
/// <param name="MinorUnits">Decimals of an amount in Stripe's API: 0 for JPY, 2 for USD, 3 for KWD, and 2 for ISK,
/// which Stripe keeps as a two-decimal currency for compatibility.</param>
/// <param name="StripeStep">The step Stripe accepts, in minor units: 1 for most currencies, 10 for the three-decimal
/// ones (the last digit must be 0), 100 for ISK (whole krónur only).</param>
/// <param name="MaxMinorUnits">The largest amount of one Stripe charge, in minor units (eight digits; twelve for IDR).</param>
public sealed record Currency(string Code, int MinorUnits, int StripeStep = 1, long MaxMinorUnits = Currency.EightDigits)
{
    /// <summary>Stripe's usual limit for one charge: eight digits of minor units (999,999.99 USD).</summary>
    public const long EightDigits = 99_999_999;

    /// <summary>How many minor units make one major unit (1 for JPY, 100 for USD, 1000 for KWD).</summary>
    public long Factor => Pow10(MinorUnits);

    /// <summary>The finest amount Stripe accepts: 0.01 USD, 1 JPY, 0.01 KWD (10 fils), 1 ISK.</summary>
    public decimal SmallestAmount => (decimal)StripeStep / Factor;

    /// <summary>How many decimals a price may have (2 for USD and KWD, 0 for JPY and ISK).</summary>
    public int PriceDecimals => MinorUnits - (int)Math.Log10(StripeStep);

    /// <summary>The largest amount of one charge in the major unit (999,999.99 USD, 99,999,999 JPY).</summary>
    public decimal MaxAmount => (decimal)(MaxMinorUnits - MaxMinorUnits % StripeStep) / Factor;

    /// <summary>The code as Stripe's API takes it (lower case).</summary>
    public string StripeCode => Code.ToLowerInvariant();

    /// <summary>True when <paramref name="amount"/> is a whole multiple of <see cref="SmallestAmount"/> (0 included).</summary>
    public bool Fits(decimal amount) => amount % SmallestAmount == 0m;

    /// <summary>The amount in minor units, exactly.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The amount is not positive, is finer than Stripe accepts in this
    /// currency (0.5 JPY, 0.001 USD, 5.125 KWD, 5.5 ISK), or is more than one charge may be.</exception>
    public long ToMinorUnits(decimal amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        if (!Fits(amount))
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount,
                $"{amount} {Code} is finer than Stripe accepts: amounts are whole multiples of {SmallestAmount} {Code}.");
        }

        if (amount > MaxAmount)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, $"{amount} {Code} is more than one charge may be ({MaxAmount} {Code}).");
        }

        return (long)(amount * Factor);
    }

    /// <summary>The amount in the major unit (the inverse of <see cref="ToMinorUnits"/>).</summary>
    public decimal FromMinorUnits(long minorUnits) => (decimal)minorUnits / Factor;

    private static long Pow10(int exponent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(exponent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(exponent, 4);
        var factor = 1L;
        for (var i = 0; i < exponent; i++)
        {
            factor *= 10;
        }

        return factor;
    }
}
