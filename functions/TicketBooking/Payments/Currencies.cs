using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace TicketBooking.Payments;

/// <summary>
/// The currencies tickets can be sold in: Stripe's presentment currencies for card payments, each with its minor
/// units and the step Stripe accepts (docs.stripe.com/currencies). Event creation refuses any other currency, and both
/// payment gateways convert amounts through this table, so a price that is accepted can always be charged exactly.
/// </summary>
public static class Currencies
{
    /// <summary>Stripe's zero-decimal currencies: an amount of 500 is 500 JPY.</summary>
    private static readonly string[] ZeroDecimal =
        ["BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"];

    /// <summary>Three-decimal currencies: Stripe requires the last digit of the amount to be 0 (5.120 KWD, not 5.124).</summary>
    private static readonly string[] ThreeDecimal = ["BHD", "JOD", "KWD", "OMR", "TND"];

    /// <summary>
    /// Two-decimal currencies. HUF and TWD are charged with two decimals like the others (Stripe pays them out in
    /// whole units only, which does not concern charges).
    /// </summary>
    private static readonly string[] TwoDecimal =
    [
        "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BMD", "BND", "BOB",
        "BRL", "BSD", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CNY", "COP", "CRC", "CVE", "CZK", "DKK", "DOP", "DZD",
        "EGP", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GIP", "GMD", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "ILS",
        "INR", "JMD", "KES", "KGS", "KHR", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "MAD", "MDL", "MKD", "MMK",
        "MNT", "MOP", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "PAB", "PEN",
        "PGK", "PHP", "PKR", "PLN", "QAR", "RON", "RSD", "SAR", "SBD", "SCR", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD",
        "SZL", "THB", "TJS", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "USD", "UYU", "UZS", "WST", "XCD", "YER", "ZAR",
        "ZMW",
    ];

    private static readonly FrozenDictionary<string, Currency> Table = Build().ToFrozenDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every supported currency.</summary>
    public static IReadOnlyCollection<Currency> All => Table.Values;

    /// <summary>Finds a supported currency by its ISO 4217 code, in any case.</summary>
    public static bool TryGet(string? code, [NotNullWhen(true)] out Currency? currency)
    {
        currency = null;
        return code is { Length: 3 } && Table.TryGetValue(code, out currency);
    }

    /// <summary>The supported currency with this ISO 4217 code (any case).</summary>
    /// <exception cref="ArgumentException">The code is not a supported currency.</exception>
    public static Currency Get(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return TryGet(code, out var currency)
            ? currency
            : throw new ArgumentException($"'{code}' is not a supported ISO 4217 currency code.", nameof(code));
    }

    private static IEnumerable<Currency> Build()
    {
        foreach (var code in ZeroDecimal)
        {
            yield return new Currency(code, 0);
        }

        foreach (var code in TwoDecimal)
        {
            yield return new Currency(code, 2);
        }

        // Stripe takes IDR amounts of up to twelve digits, every other currency up to eight.
        yield return new Currency("IDR", 2, MaxMinorUnits: 999_999_999_999);

        foreach (var code in ThreeDecimal)
        {
            yield return new Currency(code, 3, StripeStep: 10);
        }

        // ISK has no fractions any more, but Stripe keeps it two-decimal for compatibility: 5 ISK is 500, in steps of 100.
        yield return new Currency("ISK", 2, StripeStep: 100);
    }
}
