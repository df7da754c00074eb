using System.Net;
using System.Net.Http.Json;
using TicketBooking.Booking;
using TicketBooking.Catalog;
using TicketBooking.Http;
using TicketBooking.Inventory;
using TicketBooking.Tests.Booking;

namespace TicketBooking.Tests.Refunds;

/// <summary>Refunds by a booking's owner through the local host: the policy, the money, the seats and retries.</summary>
public sealed class RefundApiTests(RefundHost host) : IClassFixture<RefundHost>
{
    private static readonly RefundPolicy Refundable = new(RefundPolicyKind.BeforeStart, 48);

    [Fact]
    public async Task ARefundWithinThePolicyGivesTheMoneyBackAndPutsTheSeatsBackOnSale()
    {
        var eventId = await host.AddEventAsync(Refundable);
        var bookingId = await host.BookAsync("ria", eventId, "A-1-1", "A-1-2");
        using var client = host.ClientFor("ria");

        using var response = await client.DeleteAsync($"/api/bookings/{bookingId}");
        var body = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("refunded", body.GetProperty("status").GetString());
        Assert.StartsWith("re_sim_", body.GetProperty("refundId").GetString(), StringComparison.Ordinal);
        var reservationId = body.GetProperty("reservationId").GetString()!;
        Assert.Equal(1, host.Payments.RefundCount(reservationId));
        Assert.All((await host.Inventory.GetTicketsAsync(eventId)).Where(t => t.TicketId is "A-1-1" or "A-1-2"),
            t => Assert.Equal(TicketStatus.Available, t.Status));
        Assert.Equal(BookingStatus.Refunded, (await host.Bookings.GetAsync("ria", bookingId))!.Status);
        Assert.True((await client.GetReservationAsync(reservationId)).TryGetProperty("refundedAt", out _));
        var view = await (await client.GetAsync($"/api/event/{eventId}")).JsonAsync();
        Assert.Equal(20, view.GetProperty("available").GetInt32());
    }

    [Fact]
    public async Task ARefundRetriedAfterALostAnswerRefundsOnceAndAnswersTheSame()
    {
        var eventId = await host.AddEventAsync(Refundable);
        var bookingId = await host.BookAsync("sam", eventId, "A-2-1");
        using var client = host.ClientFor("sam");

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            using var response = await client.DeleteAsync($"/api/bookings/{bookingId}");
            return (response.StatusCode, Body: await response.JsonAsync());
        }));
        using var again = await client.DeleteAsync($"/api/bookings/{bookingId}");
        var last = await again.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("refunded", last.GetProperty("status").GetString());
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Accepted }));
        Assert.Equal(1, host.Payments.RefundCount(last.GetProperty("reservationId").GetString()!));
        Assert.Single(host.Payments.Refunds, r => r.ReservationId == last.GetProperty("reservationId").GetString());
        // An answer given after the refund finished names it (on a slow machine all four may answer 202 while it runs).
        Assert.All(answers.Select(a => a.Body).Where(b => b.TryGetProperty("refundId", out _)),
            b => Assert.Equal(last.GetProperty("refundId").GetString(), b.GetProperty("refundId").GetString()));
    }

    [Fact]
    public async Task OutsideThePolicyTheRefundIs409SayingWhyAndNothingChanges()
    {
        var late = await host.AddEventAsync(Refundable, startsIn: TimeSpan.FromHours(24));
        var none = await host.AddEventAsync(RefundPolicy.NoRefunds);
        var lateBooking = await host.BookAsync("tia", late, "A-1-1");
        var noneBooking = await host.BookAsync("tia", none, "A-1-1");
        using var client = host.ClientFor("tia");

        using var tooLate = await client.DeleteAsync($"/api/bookings/{lateBooking}");
        using var never = await client.DeleteAsync($"/api/bookings/{noneBooking}");
        var tooLateProblem = await tooLate.JsonAsync();
        var neverProblem = await never.JsonAsync();

        Assert.Equal(HttpStatusCode.Conflict, tooLate.StatusCode);
        Assert.Equal("application/problem+json", tooLate.Content.Headers.ContentType!.MediaType);
        Assert.Equal(ProblemTypes.RefundNotAllowed, tooLateProblem.GetProperty("type").GetString());
        Assert.Contains("48 hour(s) before the start", tooLateProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(tooLateProblem.GetProperty("refundableUntil").GetDateTimeOffset() < DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.Conflict, never.StatusCode);
        Assert.Contains("'none'", neverProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(BookingStatus.Confirmed, (await host.Bookings.GetAsync("tia", lateBooking))!.Status);
        Assert.Equal(TicketStatus.Booked, (await host.Inventory.GetTicketsAsync(late)).Single(t => t.TicketId == "A-1-1").Status);
        var paymentId = (await host.Bookings.GetAsync("tia", lateBooking))!.PaymentId;
        Assert.DoesNotContain(host.Payments.Refunds, r => r.PaymentId == paymentId);
    }

    [Theory]
    [InlineData("other")]
    [InlineData("owner-with-bad-id")]
    public async Task AnotherUsersBookingOrAnUnknownIdIsNotFound(string who)
    {
        var eventId = await host.AddEventAsync(Refundable);
        var bookingId = await host.BookAsync("uma", eventId, "A-1-3");
        using var client = host.ClientFor(who == "other" ? "vic" : "uma");

        using var response = await client.DeleteAsync($"/api/bookings/{(who == "other" ? bookingId : "bkg-nope")}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ProblemTypes.BookingNotFound, (await response.JsonAsync()).GetProperty("type").GetString());
        Assert.Equal(BookingStatus.Confirmed, (await host.Bookings.GetAsync("uma", bookingId))!.Status);
    }

    [Fact]
    public async Task TheOrganizerSetsTheRefundPolicyWhichThenDecidesAndOthersMayNot()
    {
        var eventId = await host.AddEventAsync(RefundPolicy.NoRefunds);
        var bookingId = await host.BookAsync("wes", eventId, "A-2-2");
        using var organizer = host.ClientFor("organizer", "organizer");
        using var stranger = host.ClientFor("another-organizer", "organizer");
        using var customer = host.ClientFor("wes");

        using var refused = await customer.DeleteAsync($"/api/bookings/{bookingId}");
        using var forbidden = await stranger.PutAsJsonAsync($"/api/admin/events/{eventId}/refund-policy", new { kind = "beforeStart", hoursBeforeStart = 1 });
        using var invalid = await organizer.PutAsJsonAsync($"/api/admin/events/{eventId}/refund-policy", new { kind = "beforeStart" });
        using var set = await organizer.PutAsJsonAsync($"/api/admin/events/{eventId}/refund-policy", new { kind = "beforeStart", hoursBeforeStart = 1 });
        var view = await set.JsonAsync();
        using var refunded = await customer.DeleteAsync($"/api/bookings/{bookingId}");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("beforeStart", view.GetProperty("refundPolicy").GetProperty("kind").GetString());
        Assert.Equal(view.GetProperty("startsAt").GetDateTimeOffset().AddHours(-1), view.GetProperty("refundableUntil").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.OK, refunded.StatusCode);
    }

    [Fact]
    public async Task ARescheduledEventShowsTheNewStartAndItsBookingsStay()
    {
        var eventId = await host.AddEventAsync(Refundable);
        var bookingId = await host.BookAsync("xia", eventId, "A-1-5");
        using var organizer = host.ClientFor("organizer", "organizer");
        var newStart = DateTimeOffset.UtcNow.AddDays(60);
        newStart = newStart.AddTicks(-(newStart.Ticks % TimeSpan.TicksPerSecond));

        using var moved = await organizer.PutAsJsonAsync($"/api/admin/events/{eventId}/schedule", new { startsAt = newStart });
        using var past = await organizer.PutAsJsonAsync($"/api/admin/events/{eventId}/schedule", new { startsAt = DateTimeOffset.UtcNow.AddDays(-1) });
        using var view = await host.CreateClient().GetAsync($"/api/event/{eventId}");

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Equal(newStart, (await view.JsonAsync()).GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(BookingStatus.Confirmed, (await host.Bookings.GetAsync("xia", bookingId))!.Status);
        Assert.Equal(TicketStatus.Booked, (await host.Inventory.GetTicketsAsync(eventId)).Single(t => t.TicketId == "A-1-5").Status);
    }
}
