using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TicketBooking.Booking;
using TicketBooking.Catalog;
using TicketBooking.Http;
using TicketBooking.Inventory;
using TicketBooking.Tests.Booking;

namespace TicketBooking.Tests.Refunds;

/// <summary>An organizer cancels an event: sales stop at once and every booking is refunded by the cancellation orchestration.</summary>
public sealed class EventCancellationTests(RefundHost host) : IClassFixture<RefundHost>
{
    [Fact]
    public async Task ACancelledEventWithAThousandBookingsRefundsEveryOneOnceThroughTheOrchestration()
    {
        const int bookings = 1000;
        var eventId = await host.AddEventAsync(RefundPolicy.NoRefunds, rows: 20, seatsPerRow: 60);
        var booked = await Task.WhenAll(Enumerable.Range(0, bookings).Chunk(50).Select(async chunk =>
        {
            var ids = new List<(string User, string Booking)>();
            foreach (var i in chunk)
            {
                ids.Add(($"fan-{i}", await host.BookAsync($"fan-{i}", eventId, $"A-{i / 60 + 1}-{i % 60 + 1}")));
            }

            return ids;
        }));
        using var organizer = host.ClientFor("organizer", "organizer");

        using var cancel = await organizer.PostAsync($"/api/admin/events/{eventId}/cancel", null);
        using var cancelAgain = await organizer.PostAsync($"/api/admin/events/{eventId}/cancel", null);
        var progress = await RefundHost.WaitForCancellationAsync(organizer, eventId, TimeSpan.FromMinutes(3));

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal($"/api/admin/events/{eventId}/cancellation", cancel.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Accepted, cancelAgain.StatusCode);
        Assert.Equal((bookings, bookings, 0), (progress.GetProperty("total").GetInt32(), progress.GetProperty("refunded").GetInt32(),
            progress.GetProperty("failed").GetInt32()));
        foreach (var (user, bookingId) in booked.SelectMany(b => b))
        {
            var booking = (await host.Bookings.GetAsync(user, bookingId))!;
            Assert.Equal(BookingStatus.Refunded, booking.Status);
            Assert.Equal(1, host.Payments.RefundCount(booking.ReservationId));
        }
    }

    [Fact]
    public async Task ACancelledEventStopsSalesAndTheWaitingRoomAndSearchShowsItCancelled()
    {
        var name = "Cancelled gala " + Guid.NewGuid().ToString("N")[..6];
        var eventId = await host.AddEventAsync(RefundPolicy.NoRefunds, name: name);
        var bookingId = await host.BookAsync("yan", eventId, "A-1-1");
        using var organizer = host.ClientFor("organizer", "organizer");
        using var stranger = host.ClientFor("another-organizer", "organizer");
        using var customer = host.ClientFor("zed");

        using var forbidden = await stranger.PostAsync($"/api/admin/events/{eventId}/cancel", null);
        using var notCancelled = await organizer.GetAsync($"/api/admin/events/{eventId}/cancellation");
        using var cancel = await organizer.PostAsync($"/api/admin/events/{eventId}/cancel", null);
        using var reserve = await customer.ReserveAsync(new { eventId, ticketIds = new[] { "A-2-1" } });
        using var join = await customer.PostAsync($"/api/event/{eventId}/queue", null);
        using var reschedule = await organizer.PutAsJsonAsync($"/api/admin/events/{eventId}/schedule", new { startsAt = DateTimeOffset.UtcNow.AddDays(9) });
        var view = await (await customer.GetAsync($"/api/event/{eventId}")).JsonAsync();
        await RefundHost.WaitForCancellationAsync(organizer, eventId, TimeSpan.FromMinutes(1));
        var found = await SearchUntilCancelledAsync(customer, name);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notCancelled.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, reserve.StatusCode);
        Assert.Equal(ProblemTypes.EventCancelled, (await reserve.JsonAsync()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Conflict, join.StatusCode);
        Assert.Equal(ProblemTypes.EventCancelled, (await join.JsonAsync()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Conflict, reschedule.StatusCode);
        Assert.Equal("cancelled", view.GetProperty("status").GetString());
        Assert.Equal("cancelled", found.GetProperty("status").GetString());
        Assert.Equal(BookingStatus.Refunded, (await host.Bookings.GetAsync("yan", bookingId))!.Status);
    }

    [Fact]
    public async Task ACancelledEventsRefundedSeatsNoLongerCountAsSold()
    {
        var eventId = await host.AddEventAsync(RefundPolicy.NoRefunds);
        await host.BookAsync("ada", eventId, "A-1-1", "A-1-2");
        await host.BookAsync("bo", eventId, "A-2-1");
        using var organizer = host.ClientFor("organizer", "organizer");
        using var anyone = host.CreateClient();
        var before = await anyone.GetFromJsonAsync<JsonElement>($"/api/event/{eventId}");

        using var cancel = await organizer.PostAsync($"/api/admin/events/{eventId}/cancel", null);
        await RefundHost.WaitForCancellationAsync(organizer, eventId, TimeSpan.FromMinutes(1));
        var after = await anyone.GetFromJsonAsync<JsonElement>($"/api/event/{eventId}");

        static int Sold(JsonElement view) => view.GetProperty("sections").EnumerateArray().Sum(s => s.GetProperty("booked").GetInt32());
        Assert.Equal(3, Sold(before));
        Assert.Equal("cancelled", after.GetProperty("status").GetString());
        Assert.Equal(0, Sold(after));
        Assert.DoesNotContain(await host.Inventory.GetTicketsAsync(eventId), t => t.Status == TicketStatus.Booked);
    }

    private static async Task<JsonElement> SearchUntilCancelledAsync(HttpClient client, string name)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        JsonElement item = default;
        while (DateTime.UtcNow < until)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/search?search_term={Uri.EscapeDataString(name)}");
            item = page.GetProperty("items").EnumerateArray().FirstOrDefault(i => i.GetProperty("name").GetString() == name);
            if (item.ValueKind == JsonValueKind.Object && item.GetProperty("status").GetString() == "cancelled")
            {
                return item;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"Search did not show '{name}' cancelled: {item}");
        return item;
    }
}
