using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TicketBooking.Tests.Booking;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.WaitingRoom;

/// <summary>
/// The waiting list end to end on the local host: a sold-out event's list through the join route, its drain loop and
/// its watcher of returned seats, and the reserve gate while the list is open.
/// </summary>
public sealed class WaitingListApiTests(BookingHost host) : IClassFixture<BookingHost>
{
    private static Task<HttpResponseMessage> ReserveAsync(HttpClient client, string eventId, string ticketId, string? pass = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/booking/reserve") { Content = JsonContent.Create(new { eventId, ticketIds = new[] { ticketId } }) };
        if (pass is not null)
        {
            request.Headers.Add("Queue-Pass", pass);
        }

        return client.SendAsync(request);
    }

    /// <summary>Polls the entry until <paramref name="done"/> holds (the drain and the watcher run on their own).</summary>
    private static async Task<JsonObject> PollAsync(HttpClient client, string location, Func<JsonObject, bool> done)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var entry = (await client.GetFromJsonAsync<JsonObject>(location))!;
            if (done(entry))
            {
                return entry;
            }

            Assert.True(DateTime.UtcNow < until, $"Entry not as expected in time: {entry}");
            await Task.Delay(100);
        }
    }

    private static async Task<string> JoinAsync(HttpClient client, string eventId)
    {
        using var joined = await client.PostAsync($"/api/event/{eventId}/queue", null);
        Assert.Equal(HttpStatusCode.Accepted, joined.StatusCode);
        return joined.Headers.Location!.ToString();
    }

    [Fact]
    public async Task ASoldOutEventsListAdmitsTheNextInLineWhenSeatsComeBackAndReserveNeedsTheirPass()
    {
        var eventId = await host.AddEventAsync(rows: 1, seatsPerRow: 2);
        using var first = host.ClientFor("list-first");
        using var alice = host.ClientFor("list-alice");
        using var carol = host.ClientFor("list-carol");
        using var dave = host.ClientFor("list-dave");
        using var anonymous = host.CreateClient();

        using var reserved = await first.ReserveAsync(new { eventId, ticketIds = new[] { "A-1-1", "A-1-2" } });
        Assert.Equal(HttpStatusCode.Created, reserved.StatusCode);
        var reservationId = (await reserved.JsonAsync()).GetProperty("reservationId").GetString();

        var aliceEntry = await JoinAsync(alice, eventId);
        var carolEntry = await JoinAsync(carol, eventId);
        var waiting = await PollAsync(carol, carolEntry, e => e["status"]!.GetValue<string>() == "waiting");
        Assert.Equal(2, waiting["position"]!.GetValue<long>());
        Assert.Equal(1, waiting["ahead"]!.GetValue<long>());
        Assert.Equal(0, (await PollAsync(alice, aliceEntry, e => e["status"]!.GetValue<string>() == "waiting"))["ahead"]!.GetValue<long>());
        var state = (await anonymous.GetFromJsonAsync<JsonObject>($"/api/event/{eventId}/waiting-room"))!;
        Assert.True(state["listOpen"]!.GetValue<bool>());
        Assert.True(state["soldOut"]!.GetValue<bool>());

        // Both seats come back (the reservation is cancelled): the two in line are admitted, in order.
        using (var cancelled = await first.DeleteAsync($"/api/booking/{reservationId}"))
        {
            Assert.True(cancelled.IsSuccessStatusCode, await cancelled.Content.ReadAsStringAsync());
        }

        var admitted = await PollAsync(alice, aliceEntry, e => e["status"]!.GetValue<string>() == "admitted");
        var carolNow = (await carol.GetFromJsonAsync<JsonObject>(carolEntry))!;
        Assert.Equal("admitted", carolNow["status"]!.GetValue<string>());

        using (var withoutPass = await ReserveAsync(dave, eventId, "A-1-1"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, withoutPass.StatusCode);
            var problem = (await withoutPass.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("/problems/queue-pass-required", problem["type"]!.GetValue<string>());
            Assert.Contains("waiting list", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        using var withPass = await ReserveAsync(alice, eventId, "A-1-1", admitted["pass"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, withPass.StatusCode);
    }

    [Fact]
    public async Task JoiningTheListOfAnEventThatIsNotSoldOutIsAConflictThatSaysSo()
    {
        var eventId = await host.AddEventAsync(rows: 1, seatsPerRow: 2);
        using var alice = host.ClientFor("list-early");

        using var response = await alice.PostAsync($"/api/event/{eventId}/queue", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("/problems/not-sold-out", problem["type"]!.GetValue<string>());
        Assert.Equal("The event is not sold out.", problem["title"]!.GetValue<string>());
        using var reserved = await ReserveAsync(alice, eventId, "A-1-1");
        Assert.Equal(HttpStatusCode.Created, reserved.StatusCode);
    }
}
