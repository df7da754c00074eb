using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TicketBooking.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace TicketBooking.Web.Tests.Pages;

/// <summary>My tickets (each seat's QR code) and the check-in page at the door, in Chromium.</summary>
[Collection(WebAppCollection.Name)]
public sealed partial class TicketsPageTests(WebAppFixture app)
{
    /// <summary>Books two seats of a new event as <paramref name="userId"/> and opens its tickets from the bookings page.</summary>
    private async Task<(BrowserSession Session, string EventId)> OpenTicketsAsync(string userId, string eventName)
    {
        var s = await CheckoutTests.HoldSeatsAsync(app, app.Host, userId, eventName);
        var page = s.Page;
        await page.GetByLabel("Visa ending 4242").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay $80.00" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Booked" })).ToBeVisibleAsync();
        await page.GotoAsync("/bookings");
        await page.GetByRole(AriaRole.List, new() { Name = "Bookings" }).GetByRole(AriaRole.Link, new() { Name = "Tickets" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My tickets" })).ToBeVisibleAsync();
        var eventLink = await page.GetByRole(AriaRole.Link, new() { Name = eventName }).GetAttributeAsync("href");
        return (s, EventId().Match(eventLink!).Groups[1].Value);
    }

    [Fact]
    public async Task MyTicketsShowEachSeatsQrCodeAndItsCode()
    {
        var (s, _) = await OpenTicketsAsync("quinn", "QR Night");
        await using var _ = s;
        var page = s.Page;

        var tickets = page.GetByRole(AriaRole.List, new() { Name = "Tickets" }).GetByRole(AriaRole.Listitem);
        await Expect(tickets).ToHaveCountAsync(2);
        foreach (var (seat, i) in new[] { ("Section A, row 1, seat 1", 0), ("Section A, row 1, seat 2", 1) })
        {
            var qr = page.GetByRole(AriaRole.Img, new() { Name = $"QR code of the ticket for {seat}" });
            await Expect(qr).ToBeVisibleAsync();
            // The image really loaded and decodes (an SVG from a blob URL; a broken one fails to decode).
            Assert.True(await qr.EvaluateAsync<bool>("img => img.decode().then(() => img.complete && img.src.startsWith('blob:'), () => false)"));
            await Expect(tickets.Nth(i).GetByTestId("ticket-code")).ToHaveTextAsync(new Regex(@"^T1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$"));
        }

        s.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task TheCheckInPageAdmitsATypedCodeThenSaysItIsAlreadyCheckedIn()
    {
        var (buyer, eventId) = await OpenTicketsAsync("rosa", "Door Night");
        await using var _ = buyer;
        var code = (await buyer.Page.GetByTestId("ticket-code").First.TextContentAsync())!;

        // Events made by the test host belong to "organizer-setup", who may check tickets in at its doors.
        await using var door = await app.OpenAsync("organizer-setup", "organizer");
        var page = door.Page;
        await page.GotoAsync($"/checkin?event={eventId}");
        await Expect(page.GetByLabel("Event id")).ToHaveValueAsync(eventId);
        await page.GetByLabel("Gate or device").FillAsync("North 2");
        await page.GetByLabel("Ticket code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Admitted" })).ToContainTextAsync("Section A, row 1, seat 1");

        await page.GetByLabel("Ticket code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check in" }).ClickAsync();
        var again = page.GetByRole(AriaRole.Alert);
        await Expect(again).ToContainTextAsync("Already checked in");
        await Expect(again).ToContainTextAsync("at North 2");

        await page.GetByLabel("Ticket code").FillAsync(code[..^3] + "xyz");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Not a ticket for this event");
        door.AssertNoConsoleErrors();
    }

    [GeneratedRegex("^/event/([^/]+)$")]
    private static partial Regex EventId();
}
