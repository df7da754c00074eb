using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TicketBooking.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace TicketBooking.Web.Tests.Pages;

[Collection(WebAppCollection.Name)]
public sealed class WaitingListTests(WebAppFixture app)
{
    /// <summary>Holds every seat of the event for <paramref name="userId"/>: the event is sold out. The reservation's id.</summary>
    private async Task<string> HoldAllAsync(string eventId, string userId, params string[] ticketIds) =>
        (await app.Host.SendAsAsync(userId, HttpMethod.Post, "/api/booking/reserve", new { eventId, ticketIds })).GetProperty("reservationId").GetString()!;

    private Task CancelAsync(string reservationId, string userId) => app.Host.SendAsAsync(userId, HttpMethod.Delete, $"/api/booking/{reservationId}");

    [Fact]
    public async Task ABuyerJoinsTheListOfASoldOutEventSeesTheirPlaceAndHoldsTheSeatThatCameBack()
    {
        var eventId = await app.Host.CreateEventAsync("Sold Out Night", rows: 1, seatsPerRow: 2);
        var reservationId = await HoldAllAsync(eventId, "holder", "A-1-1", "A-1-2");
        await using var s = await app.OpenAsync("wren");
        var page = s.Page;
        await page.GotoAsync($"/event/{eventId}");
        await Expect(page.GetByTestId("list-note")).ToContainTextAsync("Sold out.");
        await page.GetByRole(AriaRole.Link, new() { Name = "Join the waiting list" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Waiting list" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("queue-position")).ToHaveTextAsync("1", new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("queue-ahead")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("queue-status")).ToContainTextAsync("You are on the waiting list");

        // The seats come back: the buyer, first in line, is let in with a pass and holds one.
        await CancelAsync(reservationId, "holder");
        await Expect(page).ToHaveURLAsync(new Regex($"/event/{eventId}$"), new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("list-note")).ToContainTextAsync("A seat came back for you", new() { Timeout = 20_000 });
        await page.GetByRole(AriaRole.Gridcell, new() { NameRegex = new Regex("^Row 1, seat 1,") }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Hold 1 seat" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Checkout" })).ToBeVisibleAsync();
        s.AssertNoConsoleErrors();
    }
}
