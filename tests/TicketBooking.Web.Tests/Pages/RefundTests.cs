using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using TicketBooking.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace TicketBooking.Web.Tests.Pages;

/// <summary>Refunds on the bookings page, and an organizer cancelling an event on its dashboard.</summary>
[Collection(WebAppCollection.Name)]
public sealed class RefundTests(WebAppFixture app)
{
    [Fact]
    public async Task ABookingIsRefundedFromTheBookingsPageWhileAnotherSaysWhyItCannotBe()
    {
        var refundable = await app.Host.CreateEventAsync("Refundable Night", refundPolicy: new { kind = "beforeStart", hoursBeforeStart = 24 });
        var final = await app.Host.CreateEventAsync("Final Sale Night", refundPolicy: new { kind = "none" });
        await BookAsync("rhea", final, "A-1-1");
        var bookingId = await BookAsync("rhea", refundable, "A-1-2");
        await using var s = await app.OpenAsync("rhea");
        var page = s.Page;

        await page.GotoAsync("/bookings");
        var bookings = page.GetByRole(AriaRole.List, new() { Name = "Bookings" });
        var item = bookings.GetByRole(AriaRole.Listitem).Filter(new() { HasText = bookingId });
        var other = bookings.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Final Sale Night" });
        await Expect(item).ToContainTextAsync("Booked");
        await Expect(item).ToContainTextAsync("Refundable until");
        await Expect(other.GetByTestId("refund-reason")).ToHaveTextAsync("This event's tickets are not refundable");
        await Expect(other.GetByRole(AriaRole.Button, new() { Name = "Refund" })).ToHaveCountAsync(0);

        await item.GetByRole(AriaRole.Button, new() { Name = "Refund" }).ClickAsync();

        await Expect(item).ToContainTextAsync("Refunded");
        await Expect(item).ToContainTextAsync("its tickets no longer admit");
        await Expect(item.GetByRole(AriaRole.Button, new() { Name = "Refund" })).ToHaveCountAsync(0);
        var tickets = await app.Host.Http.GetFromJsonAsync<JsonElement>($"/api/event/{refundable}/tickets?section=A");
        Assert.Equal("available", tickets.GetProperty("tickets").EnumerateArray().Single(t => t.GetProperty("ticketId").GetString() == "A-1-2")
            .GetProperty("status").GetString());
        s.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task AnOrganizerCancelsAnEventAfterConfirmingAndSeesItsRefundsFinish()
    {
        var eventId = await app.Host.CreateEventAsync("Called Off Night", organizer: "olga");
        await BookAsync("fan-a", eventId, "A-1-1");
        await BookAsync("fan-b", eventId, "A-1-2");
        await using var s = await app.OpenAsync("olga", "organizer");
        var page = s.Page;

        await page.GotoAsync($"/organizer/events/{eventId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel event…" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Alertdialog, new() { Name = "Confirm the cancellation" });
        await Expect(confirm).ToContainTextAsync("every booking is refunded");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Yes, cancel the event" }).ClickAsync();

        await Expect(page.GetByTestId("cancellation-progress")).ToContainTextAsync("refunds finished", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("cancellation-progress")).ToContainTextAsync("2 of 2 bookings refunded");
        await Expect(page.GetByTestId("room-closed")).ToContainTextAsync("waiting room are closed");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save waiting room" })).ToHaveCountAsync(0);
        await page.GotoAsync($"/event/{eventId}");
        await Expect(page.GetByTestId("cancelled-note")).ToContainTextAsync("cancelled by its organizer");
        s.AssertNoConsoleErrors();
    }

    /// <summary>Reserves and pays for one seat as <paramref name="userId"/> through the API: the booking id.</summary>
    private async Task<string> BookAsync(string userId, string eventId, string ticketId)
    {
        var held = await app.Host.SendAsAsync(userId, HttpMethod.Post, "/api/booking/reserve", new { eventId, ticketIds = new[] { ticketId } });
        var reservationId = held.GetProperty("reservationId").GetString();
        var paid = await app.Host.SendAsAsync(userId, HttpMethod.Put, "/api/booking/confirm", new { reservationId, paymentMethodId = "pm_card_visa" });
        return paid.GetProperty("bookingId").GetString()!;
    }
}
