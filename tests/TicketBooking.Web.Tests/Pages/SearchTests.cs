using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TicketBooking.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace TicketBooking.Web.Tests.Pages;

[Collection(WebAppCollection.Name)]
public sealed class SearchTests(WebAppFixture app)
{
    [Fact]
    public async Task SearchingFindsTheStadiumEventAndOpensItsSeatMap()
    {
        await using var s = await app.OpenAsync();
        var page = s.Page;
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Events" }).GetByRole(AriaRole.Listitem).First).ToBeVisibleAsync();

        await page.GetByLabel("What").FillAsync("stadium finale");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"\?q=stadium\+finale"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Neon Harbor: Stadium Finale" }).First.ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Neon Harbor: Stadium Finale" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("venue-map")).ToHaveAttributeAsync("data-drawn", "true");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Section S101:") }).ClickAsync();
        var seats = page.GetByRole(AriaRole.Grid, new() { Name = "Seats in section S101" });
        await Expect(seats.GetByRole(AriaRole.Gridcell, new() { NameRegex = new Regex(@"^Row 1, seat 1,") })).ToBeVisibleAsync();
        // Only the open section's seats are drawn, never the stadium's 50,000.
        Assert.Equal(2500, await seats.GetByRole(AriaRole.Gridcell).CountAsync());
        s.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task AFacetFiltersTheResultsAndTheUrlKeepsTheQuery()
    {
        await using var s = await app.OpenAsync();
        var page = s.Page;
        await page.GotoAsync("/?city=Toronto");
        await Expect(page.GetByText(new Regex(@"^\d+ events?"))).ToBeVisibleAsync();
        var cards = page.GetByRole(AriaRole.List, new() { Name = "Events" }).GetByRole(AriaRole.Listitem);
        await Expect(cards.First).ToContainTextAsync("Toronto");

        await page.GetByRole(AriaRole.Group, new() { Name = "Category" }).GetByRole(AriaRole.Button).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"city=Toronto&category=\w+"));
        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"\?city=Toronto$"));
        s.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task AnInvalidSearchIsExplainedInWords()
    {
        await using var s = await app.OpenAsync();
        await s.Page.GotoAsync("/?from=2027-06-02&to=2027-06-01");
        await Expect(s.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("'to' must not be before 'from'.");
        await Expect(s.Page.GetByRole(AriaRole.Alert)).Not.ToContainTextAsync("{");
        s.AssertNoConsoleErrors();
    }
}
