using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TicketBooking.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace TicketBooking.Web.Tests.Pages;

[Collection(WebAppCollection.Name)]
public sealed class WaitingRoomTests(WebAppFixture app)
{
    /// <summary>Turns the event's waiting room on, open and selling now, admitting <paramref name="perMinute"/> people a minute.</summary>
    private Task OpenRoomAsync(string eventId, int perMinute)
    {
        var now = DateTimeOffset.UtcNow;
        return app.Host.SendAsAsync("organizer-setup", HttpMethod.Put, $"/api/admin/events/{eventId}/waiting-room",
            new { enabled = true, opensAt = now, onSaleAt = now, admitPerMinute = perMinute }, "organizer");
    }

    private Task JoinAsync(string eventId, string userId) => app.Host.SendAsAsync(userId, HttpMethod.Post, $"/api/event/{eventId}/queue");

    [Fact]
    public async Task AWaitingRoomAdmitsTheBuyerWhoThenBooks()
    {
        var eventId = await app.Host.CreateEventAsync("Queue Night");
        await OpenRoomAsync(eventId, perMinute: 6000);
        await using var s = await app.OpenAsync("quinn");
        var page = s.Page;
        await page.GotoAsync($"/event/{eventId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Join the waiting room" }).ClickAsync();

        // At this rate the room may let the buyer in before its page is seen: what counts is that the event page
        // comes back saying so.
        await Expect(page).ToHaveURLAsync(new Regex($"/event/{eventId}$"), new() { Timeout = 20_000 });
        await Expect(page.GetByText("You have been let in").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await page.GetByRole(AriaRole.Gridcell, new() { NameRegex = new Regex("^Row 1, seat 1,") }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Hold 1 seat" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Checkout" })).ToBeVisibleAsync();
        s.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task TheWaitingPageShowsThePlaceAndAReloadKeepsIt()
    {
        var eventId = await app.Host.CreateEventAsync("Slow Queue Night");
        await OpenRoomAsync(eventId, perMinute: 1);
        for (var i = 0; i < 3; i++)
        {
            await JoinAsync(eventId, $"ahead-{i}");
        }

        await using var s = await app.OpenAsync("rhea");
        var page = s.Page;
        await page.GotoAsync($"/event/{eventId}/queue");
        await Expect(page.GetByTestId("queue-position")).ToHaveTextAsync(new Regex(@"^\d+$"), new() { Timeout = 20_000 });
        var place = await page.GetByTestId("queue-position").TextContentAsync();
        await Expect(page.GetByRole(AriaRole.Progressbar, new() { Name = "Queue progress" })).ToBeVisibleAsync();

        await page.ReloadAsync();
        await Expect(page.GetByTestId("queue-position")).ToHaveTextAsync(place!, new() { Timeout = 20_000 });
        s.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task AnOrganizerTurnsTheRoomOnAndRaisesTheAdmissionRate()
    {
        var eventId = await app.Host.CreateEventAsync("Rate Night", organizer: "olive");
        await using var s = await app.OpenAsync("olive", "organizer");
        var page = s.Page;
        await page.GotoAsync($"/organizer/events/{eventId}");
        await page.GetByLabel("Waiting room on").CheckAsync();
        await page.GetByLabel("Admission rate (people a minute)").FillAsync("30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save waiting room" }).ClickAsync();
        await Expect(page.GetByTestId("room-state")).ToHaveTextAsync("open");
        await Expect(page.GetByTestId("stat-rate")).ToHaveTextAsync("30");

        await page.GetByLabel("Admission rate (people a minute)").FillAsync("600");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save waiting room" }).ClickAsync();
        await Expect(page.GetByTestId("stat-rate")).ToHaveTextAsync("600");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved" })).ToBeVisibleAsync();
        s.AssertNoConsoleErrors();
    }
}
