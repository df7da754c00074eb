using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TicketBooking.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace TicketBooking.Web.Tests.Pages;

[Collection(WebAppCollection.Name)]
public sealed class CheckoutTests(WebAppFixture app)
{
    /// <summary>Signs in <paramref name="userId"/>, holds the first <paramref name="seats"/> seats of a new event and opens the checkout.</summary>
    internal static async Task<BrowserSession> HoldSeatsAsync(WebAppFixture app, LocalWebHost host, string userId, string eventName, int seats = 2)
    {
        var eventId = await host.CreateEventAsync(eventName);
        var s = await BrowserSession.OpenAsync(app.Browser, host, userId, []);
        var page = s.Page;
        await page.GotoAsync($"/event/{eventId}");
        for (var seat = 1; seat <= seats; seat++)
        {
            await page.GetByRole(AriaRole.Gridcell, new() { NameRegex = new Regex($"^Row 1, seat {seat},") }).ClickAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^Hold \d+ seats?$") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Checkout" })).ToBeVisibleAsync();
        return s;
    }

    [Fact]
    public async Task PayingWithTheSuccessCardBooksAndTheBookingIsListed()
    {
        await using var s = await HoldSeatsAsync(app, app.Host, "paula", "Paid Night");
        var page = s.Page;
        await Expect(page.GetByTestId("total")).ToHaveTextAsync("$80.00");
        await page.GetByLabel("Visa ending 4242").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay $80.00" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Booked" })).ToBeVisibleAsync();
        var bookingId = await page.GetByTestId("booking-id").TextContentAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "See my bookings" }).ClickAsync();
        var bookings = page.GetByRole(AriaRole.List, new() { Name = "Bookings" });
        await Expect(bookings.GetByRole(AriaRole.Listitem).First).ToContainTextAsync("Booked");
        await Expect(bookings.GetByRole(AriaRole.Listitem).First).ToContainTextAsync($"Booking {bookingId}");
        await Expect(bookings.GetByRole(AriaRole.Listitem).First).ToContainTextAsync("A row 1 seat 1, A row 1 seat 2");
        s.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task ADeclinedCardIsExplainedAndAnotherCardThenPays()
    {
        await using var s = await HoldSeatsAsync(app, app.Host, "dora", "Declined Night", seats: 1);
        var page = s.Page;
        await page.GetByLabel("Card declined").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay $40.00" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Your card was declined.");

        await page.GetByLabel("Insufficient funds").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay $40.00" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Your card has insufficient funds.");

        await page.GetByLabel("Visa ending 4242").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay $40.00" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Booked" })).ToBeVisibleAsync();
        s.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task ThreeDSecureIsConfirmedOnThePageAndBooks()
    {
        await using var s = await HoldSeatsAsync(app, app.Host, "theo", "Secure Night", seats: 1);
        var page = s.Page;
        await page.GetByLabel("3-D Secure").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay $40.00" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "3-D Secure" });
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm payment" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Booked" })).ToBeVisibleAsync();
        s.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task AHoldThatExpiresOnTheCheckoutPageSaysTheSeatsWereReleasedAndNothingCharged()
    {
        await using var host = await LocalWebHost.StartAsync("--Seed:Demo=false", "--Booking:HoldDuration=00:00:04");
        await using var s = await HoldSeatsAsync(app, host, "eve", "Short Hold Night", seats: 1);
        var page = s.Page;
        await Expect(page.GetByRole(AriaRole.Timer)).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The hold expired: the seats were released and nothing was charged.",
            new() { Timeout = 15_000 });
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Pay") })).ToHaveCountAsync(0);
        s.AssertNoConsoleErrors();
    }
}
