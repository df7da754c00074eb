using System.Globalization;
using TicketBooking.Payments;

namespace TicketBooking.Tests.Payments;

public sealed class StripeAmountTests
{
    [Theory]
    [InlineData("12.50", "USD", 1250)]
    [InlineData("0.5", "eur", 50)]
    [InlineData("500", "JPY", 500)]
    [InlineData("1000", "krw", 1000)]
    [InlineData("7", "CLP", 7)]
    [InlineData("5.120", "KWD", 5120)]
    [InlineData("5", "ISK", 500)]
    [InlineData("10.25", "HUF", 1025)]
    [InlineData("10.25", "TWD", 1025)]
    [InlineData("0.01", "BHD", 10)]
    [InlineData("999999.99", "USD", 99999999)]
    public void AmountsBecomeStripesMinorUnits(string amount, string currency, long expected)
    {
        Assert.Equal(expected, StripeAmount.ToMinorUnits(decimal.Parse(amount, CultureInfo.InvariantCulture), currency));
    }

    [Theory]
    [InlineData("0", "USD")]
    [InlineData("-1", "USD")]
    [InlineData("12.345", "USD")]
    [InlineData("100.5", "JPY")]
    [InlineData("5.124", "KWD")]
    [InlineData("5.5", "ISK")]
    [InlineData("5.01", "ISK")]
    [InlineData("0.001", "BHD")]
    [InlineData("1000000", "USD")]
    [InlineData("100000000", "JPY")]
    public void AmountsStripeWouldRefuseAreRefusedHere(string amount, string currency)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StripeAmount.ToMinorUnits(decimal.Parse(amount, CultureInfo.InvariantCulture), currency));
    }

    [Theory]
    [InlineData("US")]
    [InlineData("US1")]
    [InlineData("dollars")]
    [InlineData("XYZ")]
    public void ACurrencyMustBeASupportedCode(string currency)
    {
        Assert.Throws<ArgumentException>(() => StripeAmount.ToMinorUnits(1m, currency));
    }

    [Theory]
    [InlineData(1250, "usd", "12.50")]
    [InlineData(500, "jpy", "500")]
    [InlineData(5120, "kwd", "5.12")]
    [InlineData(450000, "isk", "4500")]
    public void MinorUnitsConvertBack(long minorUnits, string currency, string expected)
    {
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), StripeAmount.FromMinorUnits(minorUnits, currency));
    }
}
