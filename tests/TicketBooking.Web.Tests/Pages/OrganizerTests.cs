using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TicketBooking.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace TicketBooking.Web.Tests.Pages;

[Collection(WebAppCollection.Name)]
public sealed class OrganizerTests(WebAppFixture app)
{
    [Fact]
    public async Task AnOrganizerCreatesAnEventAndSeesItsDashboard()
    {
        await using var s = await app.OpenAsync("olga", "organizer");
        var page = s.Page;
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Organizer" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Harbor Lights Gala");
        await page.GetByLabel("Performers (comma-separated)").FillAsync("Harbor Lights, The Quays");
        await page.GetByLabel("Venue").FillAsync("Pier Hall");
        await page.GetByLabel("City").FillAsync("Lisbon");
        await page.GetByLabel("Currency").FillAsync("EUR");
        var first = page.GetByRole(AriaRole.Group, new() { Name = "Section 1" });
        await first.GetByLabel("Rows").FillAsync("4");
        await first.GetByLabel("Seats per row").FillAsync("10");
        await first.GetByLabel("Price").FillAsync("55");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a section" }).ClickAsync();
        var second = page.GetByRole(AriaRole.Group, new() { Name = "Section 2" });
        await second.GetByLabel("Rows").FillAsync("2");
        await second.GetByLabel("Seats per row").FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create event" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Harbor Lights Gala" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("stat-available")).ToHaveTextAsync("50");
        await Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^Section A: 0 sold, 0 held, 40 available; Section B") })).ToBeVisibleAsync();
        s.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task AnInvalidEventIsExplainedFieldByField()
    {
        await using var s = await app.OpenAsync("oscar", "organizer");
        var page = s.Page;
        await page.GotoAsync("/organizer");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Bad Money Night");
        await page.GetByLabel("Venue").FillAsync("Hall");
        await page.GetByLabel("City").FillAsync("Tokyo");
        await page.GetByLabel("Currency").FillAsync("JPY");
        await page.GetByRole(AriaRole.Group, new() { Name = "Section 1" }).GetByLabel("Price").FillAsync("12.5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create event" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("price");
        await Expect(page.GetByRole(AriaRole.Alert)).Not.ToContainTextAsync("{");
        s.AssertNoConsoleErrors();
    }
}
