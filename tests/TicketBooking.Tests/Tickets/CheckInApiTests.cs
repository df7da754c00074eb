using System.Net;
using System.Net.Http.Json;
using TicketBooking.Booking;
using TicketBooking.Http;
using TicketBooking.Tests.Booking;
using TicketBooking.Tickets;

namespace TicketBooking.Tests.Tickets;

/// <summary>Check-in at the door through the local host: who may scan, what a scan answers, and that one ticket admits once.</summary>
public sealed class CheckInApiTests(TicketsHost host) : IClassFixture<TicketsHost>
{
    [Fact]
    public async Task TheFirstScanAdmitsWithTheSeatSectionAndRow()
    {
        var eventId = await host.AddEventAsync();
        var bookingId = await host.BookAsync("cal", eventId, "A-2-7");
        var code = await host.CodeAsync("cal", bookingId, "A-2-7");
        using var door = host.OrganizerClient();

        using var response = await door.CheckInAsync(eventId, code, "Gate 3");
        var body = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("A-2-7", body.GetProperty("ticketId").GetString());
        Assert.Equal("A", body.GetProperty("section").GetString());
        Assert.Equal(2, body.GetProperty("row").GetInt32());
        Assert.Equal(7, body.GetProperty("seat").GetInt32());
        Assert.Equal(bookingId, body.GetProperty("bookingId").GetString());
        Assert.Equal("Gate 3", body.GetProperty("gate").GetString());
    }

    [Fact]
    public async Task ASecondScanIs409SayingWhenAndWhereTheFirstWas()
    {
        var eventId = await host.AddEventAsync();
        var bookingId = await host.BookAsync("dan", eventId, "A-1-1");
        var code = await host.CodeAsync("dan", bookingId, "A-1-1");
        using var door = host.OrganizerClient();

        using var first = await door.CheckInAsync(eventId, code, "North");
        var admittedAt = (await first.JsonAsync()).GetProperty("checkedInAt").GetDateTimeOffset();
        using var second = await door.CheckInAsync(eventId, code, "South");
        var problem = await second.JsonAsync();

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(ProblemTypes.AlreadyCheckedIn, problem.GetProperty("type").GetString());
        Assert.Equal(admittedAt, problem.GetProperty("firstCheckedInAt").GetDateTimeOffset());
        Assert.Equal("North", problem.GetProperty("firstGate").GetString());
        Assert.Contains("North", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfTwoConcurrentScansOfOneTicketExactlyOneAdmitsEveryRound()
    {
        var eventId = await host.AddEventAsync(rows: 2, seatsPerRow: 10);
        var codes = new List<string>();
        foreach (var (buyer, row) in new[] { ("eli", 1), ("eve", 2) })
        {
            var bookingId = await host.BookAsync(buyer, eventId, Enumerable.Range(1, 8).Select(s => $"A-{row}-{s}").ToArray());
            codes.AddRange((await host.TicketsAsync(buyer, bookingId)).GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("code").GetString()!));
        }

        using var north = host.OrganizerClient();
        using var south = host.ClientFor("admin-1", "admin");

        Assert.Equal(16, codes.Count);
        foreach (var code in codes)
        {
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var scans = new[] { (north, "North"), (south, "South") }.Select(async d =>
            {
                await go.Task;
                return await d.Item1.CheckInAsync(eventId, code, d.Item2);
            }).ToArray();
            go.SetResult();

            var answers = await Task.WhenAll(scans);
            Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
            Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Conflict);
            foreach (var a in answers)
            {
                a.Dispose();
            }
        }
    }

    [Fact]
    public async Task AForgedCodeIs400()
    {
        var eventId = await host.AddEventAsync();
        var bookingId = await host.BookAsync("fay", eventId, "A-1-1");
        var code = await host.CodeAsync("fay", bookingId, "A-1-1");
        var forged = code[..^4] + (code[^4..] == "AAAA" ? "BBBB" : "AAAA");
        using var door = host.OrganizerClient();

        foreach (var scan in new[] { forged, "T1.not.a-ticket", "https://example.com/" })
        {
            using var response = await door.CheckInAsync(eventId, scan);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(ProblemTypes.InvalidTicketCode, (await response.JsonAsync()).GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task ACodeOfAnotherEventIs400AndDoesNotUseTheTicket()
    {
        var eventId = await host.AddEventAsync();
        var otherEvent = await host.AddEventAsync();
        var bookingId = await host.BookAsync("gus", otherEvent, "A-1-1");
        var code = await host.CodeAsync("gus", bookingId, "A-1-1");
        using var door = host.OrganizerClient();

        using var wrongDoor = await door.CheckInAsync(eventId, code);
        using var rightDoor = await door.CheckInAsync(otherEvent, code);

        Assert.Equal(HttpStatusCode.BadRequest, wrongDoor.StatusCode);
        Assert.Equal(ProblemTypes.InvalidTicketCode, (await wrongDoor.JsonAsync()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, rightDoor.StatusCode);
    }

    [Fact]
    public async Task ARefundedBookingsTicketIs409Revoked()
    {
        var eventId = await host.AddEventAsync();
        var booking = new BookingRecord("bkg-" + Guid.NewGuid().ToString("N")[..24], "hal", "res-refunded", eventId,
            [new ReservedTicket("A-2-2", "A", 2, 2, 40m)], 40m, "USD", "pi_1", DateTimeOffset.UtcNow, BookingStatus.Refunded);
        await host.Bookings.SaveAsync(booking);
        var code = host.Codes.Issue(new TicketCode(eventId, booking.Id, "A-2-2", "hal"));
        using var door = host.OrganizerClient();

        using var response = await door.CheckInAsync(eventId, code);
        var problem = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(ProblemTypes.TicketRevoked, problem.GetProperty("type").GetString());
        Assert.NotEqual(ProblemTypes.AlreadyCheckedIn, problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task ATicketWhoseSeatWasSinceBookedByAnotherBookingIs409Revoked()
    {
        var eventId = await host.AddEventAsync();
        await host.BookAsync("ivy", eventId, "A-1-9");
        // An older booking of the same seat (its refund returned the seat, which ivy then bought), not yet marked refunded.
        var stale = new BookingRecord("bkg-" + Guid.NewGuid().ToString("N")[..24], "jon", "res-older", eventId,
            [new ReservedTicket("A-1-9", "A", 1, 9, 40m)], 40m, "USD", "pi_2", DateTimeOffset.UtcNow.AddDays(-1));
        await host.Bookings.SaveAsync(stale);
        using var door = host.OrganizerClient();

        using var response = await door.CheckInAsync(eventId, host.Codes.Issue(new TicketCode(eventId, stale.Id, "A-1-9", "jon")));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(ProblemTypes.TicketRevoked, (await response.JsonAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task OnlyTheEventsOrganizerStaffOrAnAdminMayScan()
    {
        var eventId = await host.AddEventAsync();
        var bookingId = await host.BookAsync("kim", eventId, "A-1-1", "A-1-2", "A-1-3");
        var list = await host.TicketsAsync("kim", bookingId);
        var codes = list.GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("code").GetString()!).ToArray();
        using var buyer = host.ClientFor("kim");
        using var otherOrganizer = host.ClientFor("someone-else", "organizer");
        using var staff = host.ClientFor("door-lee");
        using var admin = host.ClientFor("root", "admin");

        using var byBuyer = await buyer.CheckInAsync(eventId, codes[0]);
        using var byOtherOrganizer = await otherOrganizer.CheckInAsync(eventId, codes[0]);
        using var beforeNamed = await staff.CheckInAsync(eventId, codes[0]);
        using var named = await host.OrganizerClient().PutAsJsonAsync($"/api/admin/events/{eventId}/staff", new { userIds = new[] { "door-lee", " door-lee " } });
        using var afterNamed = await staff.CheckInAsync(eventId, codes[0]);
        using var byAdmin = await admin.CheckInAsync(eventId, codes[1]);
        using var byOrganizer = await host.OrganizerClient().CheckInAsync(eventId, codes[2]);

        Assert.Equal(HttpStatusCode.Forbidden, byBuyer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byOtherOrganizer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, beforeNamed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        Assert.Equal(["door-lee"], (await named.JsonAsync()).GetProperty("userIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.OK, afterNamed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byOrganizer.StatusCode);
    }

    [Fact]
    public async Task RemovedStaffCannotScanOnceTheListIsReplaced()
    {
        var eventId = await host.AddEventAsync();
        var bookingId = await host.BookAsync("lou", eventId, "A-1-1");
        var code = await host.CodeAsync("lou", bookingId, "A-1-1");
        using var organizer = host.OrganizerClient();
        using var staff = host.ClientFor("door-max");

        (await organizer.PutAsJsonAsync($"/api/admin/events/{eventId}/staff", new { userIds = new[] { "door-max" } })).Dispose();
        (await organizer.PutAsJsonAsync($"/api/admin/events/{eventId}/staff", new { userIds = Array.Empty<string>() })).Dispose();
        using var scan = await staff.CheckInAsync(eventId, code);

        Assert.Equal(HttpStatusCode.Forbidden, scan.StatusCode);
    }

    [Fact]
    public async Task OnlyTheEventsOrganizerOrAnAdminNamesItsStaff()
    {
        var eventId = await host.AddEventAsync();
        using var otherOrganizer = host.ClientFor("someone-else", "organizer");
        using var buyer = host.ClientFor("ned");

        using var byOther = await otherOrganizer.PutAsJsonAsync($"/api/admin/events/{eventId}/staff", new { userIds = new[] { "ned" } });
        using var byBuyer = await buyer.PutAsJsonAsync($"/api/admin/events/{eventId}/staff", new { userIds = new[] { "ned" } });
        using var unknownEvent = await host.OrganizerClient().PutAsJsonAsync("/api/admin/events/evt-nope/staff", new { userIds = new[] { "ned" } });

        Assert.Equal(HttpStatusCode.Forbidden, byOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byBuyer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownEvent.StatusCode);
    }

    [Theory]
    [InlineData("""{"gate":"North"}""")]
    [InlineData("""{"code":"  "}""")]
    [InlineData("""{"code":"T1.x.y","gate":"GGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGG"}""")]
    [InlineData("""{"code":"T1.x.y","gate":"a\u0007b"}""")]
    public async Task AnInvalidScanIs400Validation(string body)
    {
        var eventId = await host.AddEventAsync();
        using var door = host.OrganizerClient();

        using var response = await door.PostAsync($"/api/admin/events/{eventId}/check-in",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ProblemTypes.Validation, (await response.JsonAsync()).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("""{"userIds":null}""")]
    [InlineData("""{"userIds":[""]}""")]
    [InlineData("""{"userIds":[null]}""")]
    public async Task AnInvalidStaffListIs400Validation(string body)
    {
        var eventId = await host.AddEventAsync();
        using var organizer = host.OrganizerClient();

        using var response = await organizer.PutAsync($"/api/admin/events/{eventId}/staff", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AnUnknownEventIs404AndNoTokenIs401()
    {
        using var door = host.OrganizerClient();
        using var anonymous = host.CreateClient();

        using var unknown = await door.CheckInAsync("evt-doesnotexist", "T1.x.y");
        using var unsigned = await anonymous.CheckInAsync("evt-doesnotexist", "T1.x.y");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
    }
}
