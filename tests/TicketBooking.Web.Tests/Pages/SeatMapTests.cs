using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TicketBooking.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace TicketBooking.Web.Tests.Pages;

[Collection(WebAppCollection.Name)]
public sealed class SeatMapTests(WebAppFixture app)
{
    private static ILocator Seat(IPage page, int row, int seat) =>
        page.GetByRole(AriaRole.Gridcell, new() { NameRegex = new Regex($"^Row {row}, seat {seat},") });

    [Fact]
    public async Task TwoPickedSeatsAreHeldAndAnotherBuyerSeesThemChangeLive()
    {
        var eventId = await app.Host.CreateEventAsync("Live Map Night");
        await using var watcher = await app.OpenAsync();
        await watcher.Page.GotoAsync($"/event/{eventId}");
        await Expect(Seat(watcher.Page, 1, 3)).ToHaveAttributeAsync("data-status", "available");
        await Expect(watcher.Page.GetByText("Live", new() { Exact = true })).ToBeVisibleAsync();

        await using var buyer = await app.OpenAsync("ana");
        var page = buyer.Page;
        await page.GotoAsync($"/event/{eventId}");
        await Seat(page, 1, 3).ClickAsync();
        await Seat(page, 1, 4).ClickAsync();
        await Expect(Seat(page, 1, 3)).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Picked seats" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Button, new() { Name = "Hold 2 seats" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Checkout" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Row)).ToHaveCountAsync(4);
        await Expect(page.GetByTestId("countdown")).ToHaveTextAsync(new Regex(@"^[12]:\d\d$"));

        // The other buyer's page was never reloaded: the event stream recoloured the seats (polling would take 3 s).
        await Expect(Seat(watcher.Page, 1, 3)).ToHaveAttributeAsync("data-status", "held", new() { Timeout = 2_500 });
        await Expect(Seat(watcher.Page, 1, 4)).ToHaveAttributeAsync("data-status", "held");
        await Expect(Seat(watcher.Page, 1, 5)).ToHaveAttributeAsync("data-status", "available");
        buyer.AssertNoConsoleErrors();
        watcher.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task SeatsCanBePickedAndHeldWithTheKeyboardAlone()
    {
        var eventId = await app.Host.CreateEventAsync("Keyboard Night");
        await using var s = await app.OpenAsync("kim");
        var page = s.Page;
        await page.GotoAsync($"/event/{eventId}");
        await Expect(Seat(page, 1, 1)).ToHaveAttributeAsync("tabindex", "0");

        for (var i = 0; i < 30 && await page.EvaluateAsync<string?>("document.activeElement?.getAttribute('role')") != "gridcell"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Expect(Seat(page, 1, 1)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(Seat(page, 2, 2)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(Seat(page, 2, 2)).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(Seat(page, 2, 2)).ToHaveAccessibleNameAsync(new Regex(@"^Row 2, seat 2, \$40\.00, selected$"));
        await page.Keyboard.PressAsync("End");
        await Expect(Seat(page, 2, 8)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Space");

        var hold = page.GetByRole(AriaRole.Button, new() { Name = "Hold 2 seats" });
        for (var i = 0; i < 10 && !await hold.EvaluateAsync<bool>("b => b === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Expect(hold).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Checkout" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "8", Exact = true })).ToBeVisibleAsync();
        s.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task BestAvailableHoldsTheChosenNumberOfSeats()
    {
        await using var s = await app.OpenAsync("bea");
        var page = s.Page;
        await page.GotoAsync("/event/evt-stadium-finale");
        await page.GetByLabel("Number of seats").SelectOptionAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find best seats" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Checkout" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table).Locator("tbody").GetByRole(AriaRole.Row)).ToHaveCountAsync(3);
        s.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task ASignedOutBuyerIsSentToSignInAndBack()
    {
        var eventId = await app.Host.CreateEventAsync("Sign In Night");
        await using var s = await app.OpenAsync();
        var page = s.Page;
        await page.GotoAsync($"/event/{eventId}");
        await Seat(page, 1, 1).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Hold 1 seat" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.GetByLabel("User name").FillAsync("sam");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/event/{eventId}$"));
        await Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync("sam");
        s.AssertNoConsoleErrors();
    }
}
