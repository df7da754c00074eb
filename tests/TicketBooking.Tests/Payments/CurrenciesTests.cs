using System.Globalization;
using TicketBooking.Payments;

namespace TicketBooking.Tests.Payments;

public sealed class CurrenciesTests
{
    [Theory]
    [InlineData("JPY", 0, 1, "1")]
    [InlineData("krw", 0, 1, "1")]
    [InlineData("USD", 2, 1, "0.01")]
    [InlineData("EUR", 2, 1, "0.01")]
    [InlineData("HUF", 2, 1, "0.01")]
    [InlineData("TWD", 2, 1, "0.01")]
    [InlineData("KWD", 3, 10, "0.01")]
    [InlineData("BHD", 3, 10, "0.01")]
    [InlineData("ISK", 2, 100, "1")]
    public void EachCurrencyKnowsItsMinorUnitsAndStripesStep(string code, int minorUnits, int step, string smallest)
    {
        var currency = Currencies.Get(code);

        Assert.Equal(code.ToUpperInvariant(), currency.Code);
        Assert.Equal((minorUnits, step), (currency.MinorUnits, currency.StripeStep));
        Assert.Equal(decimal.Parse(smallest, CultureInfo.InvariantCulture), currency.SmallestAmount);
    }

    [Theory]
    [InlineData("500", "JPY", true)]
    [InlineData("500.5", "JPY", false)]
    [InlineData("0", "JPY", true)]
    [InlineData("12.50", "USD", true)]
    [InlineData("12.505", "USD", false)]
    [InlineData("5.12", "KWD", true)]
    [InlineData("5.120", "KWD", true)]
    [InlineData("5.125", "KWD", false)]
    [InlineData("4500", "ISK", true)]
    [InlineData("4500.50", "ISK", false)]
    public void AnAmountFitsWhenItIsAWholeNumberOfStripeSteps(string amount, string code, bool fits)
    {
        Assert.Equal(fits, Currencies.Get(code).Fits(decimal.Parse(amount, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void StripesZeroAndThreeDecimalCurrenciesAreAllInTheTable()
    {
        string[] zeroDecimal = ["BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"];
        string[] threeDecimal = ["BHD", "JOD", "KWD", "OMR", "TND"];

        Assert.All(zeroDecimal, code => Assert.Equal(0, Currencies.Get(code).MinorUnits));
        Assert.All(threeDecimal, code => Assert.Equal((3, 10), (Currencies.Get(code).MinorUnits, Currencies.Get(code).StripeStep)));
        Assert.Equal(Currencies.All.Count, Currencies.All.Select(c => c.Code).Distinct().Count());
        Assert.All(Currencies.All, c => Assert.Matches("^[A-Z]{3}$", c.Code));
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("XAU")]
    [InlineData("US")]
    [InlineData("")]
    [InlineData(null)]
    public void UnknownCodesAreNotCurrencies(string? code)
    {
        Assert.False(Currencies.TryGet(code, out _));
    }

    [Theory]
    [InlineData("USD", "999999.99")]
    [InlineData("JPY", "99999999")]
    [InlineData("KWD", "99999.99")]
    [InlineData("ISK", "999999")]
    public void OneChargeIsAtMostEightDigitsOfMinorUnits(string code, string max)
    {
        Assert.Equal(decimal.Parse(max, CultureInfo.InvariantCulture), Currencies.Get(code).MaxAmount);
    }
}
