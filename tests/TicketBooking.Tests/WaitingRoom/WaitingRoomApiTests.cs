using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TicketBooking.Tests.Booking;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.WaitingRoom;

/// <summary>The waiting room's routes end to end on the local host: its drain loop, the in-process queue, the reserve gate.</summary>
public sealed class WaitingRoomApiTests : IClassFixture<BookingHost>, IDisposable
{
    private readonly BookingHost _host;
    private readonly HttpClient _organizer;
    private readonly HttpClient _anonymous;

    public WaitingRoomApiTests(BookingHost host)
    {
        _host = host;
        _organizer = host.ClientFor("organizer", "organizer");
        _anonymous = host.CreateClient();
    }

    public void Dispose()
    {
        _organizer.Dispose();
        _anonymous.Dispose();
    }

    private static JsonObject Room(bool enabled = true, TimeSpan? opensIn = null, TimeSpan? onSaleIn = null, int admitPerMinute = 60_000) => new()
    {
        ["enabled"] = enabled,
        ["opensAt"] = DateTimeOffset.UtcNow.Add(opensIn ?? TimeSpan.FromMinutes(-1)).ToString("O"),
        ["onSaleAt"] = DateTimeOffset.UtcNow.Add(onSaleIn ?? TimeSpan.FromMinutes(-1)).ToString("O"),
        ["admitPerMinute"] = admitPerMinute,
        ["passMinutes"] = 5,
    };

    private async Task<string> EventWithRoomAsync(JsonObject? room = null)
    {
        var eventId = await _host.AddEventAsync();
        using var response = await _organizer.PutAsJsonAsync($"/api/admin/events/{eventId}/waiting-room", room ?? Room());
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return eventId;
    }

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(type, problem["type"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
        return problem;
    }

    /// <summary>Joins and polls the entry until the drain has ordered it and the clock admitted it.</summary>
    private static async Task<JsonObject> JoinUntilAdmittedAsync(HttpClient client, string eventId)
    {
        using var joined = await client.PostAsync($"/api/event/{eventId}/queue", null);
        Assert.Equal(HttpStatusCode.Accepted, joined.StatusCode);
        var location = joined.Headers.Location!.ToString();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var entry = (await client.GetFromJsonAsync<JsonObject>(location))!;
            if (entry["status"]!.GetValue<string>() == "admitted")
            {
                return entry;
            }

            Assert.True(DateTime.UtcNow < until, $"Not admitted in time: {entry}");
            await Task.Delay(50);
        }
    }

    private static Task<HttpResponseMessage> ReserveAsync(HttpClient client, string eventId, string ticketId, string? pass)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/booking/reserve") { Content = JsonContent.Create(new { eventId, ticketIds = new[] { ticketId } }) };
        if (pass is not null)
        {
            request.Headers.Add("Queue-Pass", pass);
        }

        return client.SendAsync(request);
    }

    [Fact]
    public async Task AnEventWithoutARoomReadsOffAndTheStateIsCacheable()
    {
        var eventId = await _host.AddEventAsync();

        using var response = await _anonymous.GetAsync($"/api/event/{eventId}/waiting-room");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.Public);
        Assert.InRange(response.Headers.CacheControl.MaxAge!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        var state = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.False(state["enabled"]!.GetValue<bool>());
        Assert.Equal("off", state["state"]!.GetValue<string>());
        await ProblemAsync(await _anonymous.GetAsync("/api/event/evt-missing000/waiting-room"), HttpStatusCode.NotFound, "/problems/event-not-found");
    }

    [Fact]
    public async Task OnlyTheEventsOrganizerOrAnAdminSetsItsRoomAndBadSettingsAreRefused()
    {
        var eventId = await _host.AddEventAsync();
        using var other = _host.ClientFor("org-2", "organizer");
        using var admin = _host.ClientFor("root", "admin");
        using var buyer = _host.ClientFor("buyer");
        var path = $"/api/admin/events/{eventId}/waiting-room";

        await ProblemAsync(await other.PutAsJsonAsync(path, Room()), HttpStatusCode.Forbidden, "/problems/forbidden");
        await ProblemAsync(await buyer.PutAsJsonAsync(path, Room()), HttpStatusCode.Forbidden, "/problems/forbidden");
        await ProblemAsync(await _anonymous.PutAsJsonAsync(path, Room()), HttpStatusCode.Unauthorized, "/problems/unauthorized");
        var invalid = await ProblemAsync(await _organizer.PutAsJsonAsync(path, Room(opensIn: TimeSpan.FromHours(2), onSaleIn: TimeSpan.FromHours(1))),
            HttpStatusCode.BadRequest, "/problems/validation");
        Assert.NotNull(invalid["errors"]!["opensAt"]);
        var noRate = Room();
        noRate["admitPerMinute"] = 0;
        Assert.NotNull((await ProblemAsync(await _organizer.PutAsJsonAsync(path, noRate), HttpStatusCode.BadRequest, "/problems/validation"))["errors"]!["admitPerMinute"]);
        await ProblemAsync(await _organizer.PutAsJsonAsync(path, new JsonObject { ["enabled"] = true, ["surprise"] = 1 }), HttpStatusCode.BadRequest,
            "/problems/malformed-json");

        using var byAdmin = await admin.PutAsJsonAsync(path, Room(admitPerMinute: 500));
        var state = (await byAdmin.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.Equal("open", state["state"]!.GetValue<string>());
        Assert.Equal(500, state["admitPerMinute"]!.GetValue<int>());
    }

    [Fact]
    public async Task JoiningAnEventThatIsNotSoldOutOrWhoseRoomIsNotOpenYetIsAConflict()
    {
        var withoutRoom = await _host.AddEventAsync();
        var scheduled = await EventWithRoomAsync(Room(opensIn: TimeSpan.FromHours(1), onSaleIn: TimeSpan.FromHours(2)));
        using var alice = _host.ClientFor("alice-closed");

        await ProblemAsync(await alice.PostAsync($"/api/event/{withoutRoom}/queue", null), HttpStatusCode.Conflict, "/problems/not-sold-out");
        await ProblemAsync(await alice.PostAsync($"/api/event/{scheduled}/queue", null), HttpStatusCode.Conflict, "/problems/waiting-room-closed");
        await ProblemAsync(await _anonymous.PostAsync($"/api/event/{scheduled}/queue", null), HttpStatusCode.Unauthorized, "/problems/unauthorized");
        var state = (await _anonymous.GetFromJsonAsync<JsonObject>($"/api/event/{scheduled}/waiting-room"))!;
        Assert.Equal("scheduled", state["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task BeforeTheOnSaleAJoinWaitsInThePrequeueWithoutAPosition()
    {
        var eventId = await EventWithRoomAsync(Room(onSaleIn: TimeSpan.FromHours(1)));
        using var alice = _host.ClientFor("alice-early");

        using var response = await alice.PostAsync($"/api/event/{eventId}/queue", null);
        var entry = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("prequeue", entry["status"]!.GetValue<string>());
        Assert.Null(entry["position"]);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("prequeue", (await _anonymous.GetFromJsonAsync<JsonObject>($"/api/event/{eventId}/waiting-room"))!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task AJoinIsAcceptedThenOrderedAndAdmittedWithAPassAndJoiningAgainAnswersTheSameEntry()
    {
        var eventId = await EventWithRoomAsync();
        using var alice = _host.ClientFor("alice-join");

        using var joined = await alice.PostAsync($"/api/event/{eventId}/queue", null);
        var pending = (await joined.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(HttpStatusCode.Accepted, joined.StatusCode);
        Assert.Contains(pending["status"]!.GetValue<string>(), new[] { "pending", "admitted" });
        Assert.Equal($"/api/event/{eventId}/queue/{pending["queueId"]!.GetValue<string>()}", joined.Headers.Location!.ToString());

        var admitted = await JoinUntilAdmittedAsync(alice, eventId);
        using var again = await alice.PostAsync($"/api/event/{eventId}/queue", null);
        var same = (await again.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(pending["queueId"]!.GetValue<string>(), admitted["queueId"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(admitted["pass"]!.GetValue<string>()));
        Assert.True(admitted["passExpiresAt"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(admitted["position"]!.GetValue<long>(), same["position"]!.GetValue<long>());
        Assert.Equal("admitted", same["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnEntryIsOnlyItsOwnersAnyoneElseFindsNothing()
    {
        var eventId = await EventWithRoomAsync();
        using var alice = _host.ClientFor("alice-owner");
        using var bob = _host.ClientFor("bob-owner");
        var entry = await JoinUntilAdmittedAsync(alice, eventId);
        var path = $"/api/event/{eventId}/queue/{entry["queueId"]!.GetValue<string>()}";

        await ProblemAsync(await bob.GetAsync(path), HttpStatusCode.NotFound, "/problems/queue-entry-not-found");
        await ProblemAsync(await bob.GetAsync(path + "/stream"), HttpStatusCode.NotFound, "/problems/queue-entry-not-found");
        await ProblemAsync(await alice.GetAsync($"/api/event/{eventId}/queue/q-0123"), HttpStatusCode.NotFound, "/problems/queue-entry-not-found");
        await ProblemAsync(await _anonymous.GetAsync(path), HttpStatusCode.Unauthorized, "/problems/unauthorized");
    }

    [Fact]
    public async Task WhileTheRoomIsOnReserveNeedsAPassForThisUserAndThisEvent()
    {
        var eventId = await EventWithRoomAsync();
        var otherEventId = await EventWithRoomAsync();
        using var alice = _host.ClientFor("alice-gate");
        using var bob = _host.ClientFor("bob-gate");
        var pass = (await JoinUntilAdmittedAsync(alice, eventId))["pass"]!.GetValue<string>();

        var without = await ProblemAsync(await ReserveAsync(alice, eventId, "A-1-1", null), HttpStatusCode.Forbidden, "/problems/queue-pass-required");
        Assert.Equal($"/api/event/{eventId}/queue", without["joinUrl"]!.GetValue<string>());
        await ProblemAsync(await ReserveAsync(bob, eventId, "A-1-1", pass), HttpStatusCode.Forbidden, "/problems/queue-pass-required");
        await ProblemAsync(await ReserveAsync(alice, otherEventId, "A-1-1", pass), HttpStatusCode.Forbidden, "/problems/queue-pass-required");
        await ProblemAsync(await ReserveAsync(alice, eventId, "A-1-1", pass[..^3] + "AAA"), HttpStatusCode.Forbidden, "/problems/queue-pass-required");

        using var reserved = await ReserveAsync(alice, eventId, "A-1-1", pass);
        Assert.True(reserved.StatusCode == HttpStatusCode.Created, await reserved.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WithTheRoomOffReserveNeedsNoPass()
    {
        var eventId = await EventWithRoomAsync();
        using var alice = _host.ClientFor("alice-off");
        await ProblemAsync(await ReserveAsync(alice, eventId, "A-2-1", null), HttpStatusCode.Forbidden, "/problems/queue-pass-required");

        using var off = await _organizer.PutAsJsonAsync($"/api/admin/events/{eventId}/waiting-room", new JsonObject { ["enabled"] = false });
        Assert.Equal("off", (await off.Content.ReadFromJsonAsync<JsonObject>())!["state"]!.GetValue<string>());
        using var reserved = await ReserveAsync(alice, eventId, "A-2-1", null);

        Assert.True(reserved.StatusCode == HttpStatusCode.Created, await reserved.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheQueueStreamSendsTheEntryAsServerSentEvents()
    {
        var eventId = await EventWithRoomAsync();
        using var alice = _host.ClientFor("alice-stream");
        var entry = await JoinUntilAdmittedAsync(alice, eventId);

        using var response = await alice.GetAsync($"/api/event/{eventId}/queue/{entry["queueId"]!.GetValue<string>()}/stream");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("event: entry", body, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"admitted\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEventIsCreatedWithItsRoomAndABadRoomIsRefusedByField()
    {
        var bad = Payloads.NewEvent();
        bad["waitingRoom"] = Room(admitPerMinute: 0);
        await ProblemAsync(await _organizer.PostAsJsonAsync("/api/admin/events", bad), HttpStatusCode.BadRequest, "/problems/validation")
            .ContinueWith(t => Assert.NotNull(t.Result["errors"]!["waitingRoom.admitPerMinute"]));

        var good = Payloads.NewEvent();
        good["waitingRoom"] = Room(onSaleIn: TimeSpan.FromHours(1));
        var created = await _organizer.CreateEventAsync(good);
        var state = (await _anonymous.GetFromJsonAsync<JsonObject>($"/api/event/{created["eventId"]!.GetValue<string>()}/waiting-room"))!;

        Assert.True(state["enabled"]!.GetValue<bool>());
        Assert.Equal("prequeue", state["state"]!.GetValue<string>());
    }
}
