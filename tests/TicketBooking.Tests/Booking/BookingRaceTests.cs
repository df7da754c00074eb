using System.Net;
using TicketBooking.Inventory;

namespace TicketBooking.Tests.Booking;

/// <summary>
/// Many buyers at once for a few seats, through the local host with the real in-process Durable Task engine. The hold
/// is long, so a slow machine cannot let a hold lapse between reserve and confirm; the holds not paid are cancelled.
/// </summary>
public sealed class BookingRaceTests(LongHoldBookingHost host) : IClassFixture<LongHoldBookingHost>
{
    [Fact]
    public async Task TwoHundredUsersRacingForTwentySeatsNeverSellASeatTwice()
    {
        var eventId = await host.AddEventAsync(rows: 2, seatsPerRow: 10);
        var clients = Enumerable.Range(0, 200).Select(i => host.ClientFor($"racer-{i}")).ToArray();

        var attempts = await Task.WhenAll(clients.Select(async (client, i) =>
        {
            using var response = i % 2 == 0
                ? await client.ReserveAsync(new { eventId, section = "A", quantity = 1 })
                : await client.ReserveAsync(new { eventId, ticketIds = new[] { $"A-{1 + i % 2}-{1 + i % 10}" } });
            return (Client: client, response.StatusCode, Body: await response.JsonAsync());
        }));
        var held = attempts.Where(a => a.StatusCode == HttpStatusCode.Created).ToArray();
        var confirmed = new List<string>();
        foreach (var (client, _, body) in held.Where((_, i) => i % 2 == 0))
        {
            var id = body.GetProperty("reservationId").GetString()!;
            using var confirm = await client.ConfirmAsync(id);
            Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
            confirmed.Add(id);
        }

        foreach (var (client, _, body) in held)
        {
            var id = body.GetProperty("reservationId").GetString()!;
            if (!confirmed.Contains(id))
            {
                using var cancel = await client.DeleteAsync($"/api/booking/{id}");
                Assert.True(cancel.IsSuccessStatusCode, $"cancel {id}: {cancel.StatusCode}");
            }

            await client.WaitForStatusAsync(id, confirmed.Contains(id) ? "confirmed" : "cancelled");
        }

        var tickets = await host.Inventory.GetTicketsAsync(eventId);
        Assert.Equal(20, held.Length);
        Assert.All(attempts.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        Assert.Equal(20, held.SelectMany(h => h.Body.GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("ticketId").GetString())).Distinct().Count());
        Assert.Equal(confirmed.Count, tickets.Count(t => t.Status == TicketStatus.Booked));
        Assert.All(tickets.Where(t => t.Status == TicketStatus.Booked), t => Assert.Contains(t.ReservationId, confirmed));
        Assert.Equal(0, tickets.Count(t => t.Status == TicketStatus.Held));
        Assert.Equal(20, tickets.Count(t => t.Status is TicketStatus.Booked or TicketStatus.Available));
        Assert.All(confirmed, id => Assert.Equal(1, host.Payments.ChargeCount(id)));
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
