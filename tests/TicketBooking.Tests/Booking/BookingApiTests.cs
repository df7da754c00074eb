using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TicketBooking.Http;
using TicketBooking.Inventory;
using TicketBooking.Tests.Payments;

namespace TicketBooking.Tests.Booking;

/// <summary>The booking API through the local host, with the real in-process Durable Task engine and a two-second hold.</summary>
public sealed class BookingApiTests(BookingHost host) : IClassFixture<BookingHost>
{
    [Fact]
    public async Task ReserveHoldsTheSeatsAndAnswers201WithTheHold()
    {
        var eventId = await host.AddEventAsync();
        using var client = host.ClientFor("ana");

        using var response = await client.ReserveAsync(new { eventId, ticketIds = new[] { "A-1-1", "A-1-2" } });
        var body = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = body.GetProperty("reservationId").GetString()!;
        Assert.Equal($"/api/booking/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("held", body.GetProperty("status").GetString());
        Assert.Equal(eventId, body.GetProperty("eventId").GetString());
        Assert.Equal(80m, body.GetProperty("total").GetDecimal());
        Assert.Equal("USD", body.GetProperty("currency").GetString());
        var ticket = body.GetProperty("tickets")[0];
        Assert.Equal("A-1-1", ticket.GetProperty("ticketId").GetString());
        Assert.Equal(1, ticket.GetProperty("row").GetInt32());
        Assert.Equal(40m, ticket.GetProperty("price").GetDecimal());
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        Assert.Equal(TicketStatus.Held, (await host.Inventory.GetTicketsAsync(eventId)).Single(t => t.TicketId == "A-1-2").Status);
    }

    [Fact]
    public async Task TakenSeatsAnswer409NamingThemAndNothingIsHeld()
    {
        var eventId = await host.AddEventAsync();
        using var first = host.ClientFor("ben");
        using var second = host.ClientFor("cai");
        (await first.ReserveAsync(new { eventId, ticketIds = new[] { "A-1-2" } })).Dispose();

        using var response = await second.ReserveAsync(new { eventId, ticketIds = new[] { "A-1-1", "A-1-2", "A-1-3" } });
        var problem = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(ProblemTypes.TicketsUnavailable, problem.GetProperty("type").GetString());
        Assert.Equal(["A-1-2"], problem.GetProperty("unavailableTicketIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, (await host.Inventory.GetTicketsAsync(eventId)).Count(t => t.Status == TicketStatus.Held));
    }

    [Fact]
    public async Task TheSameIdempotencyKeyReplaysTheReservationAndAnotherBodyIs422()
    {
        var eventId = await host.AddEventAsync();
        using var client = host.ClientFor("dee");

        using var first = await client.ReserveAsync(new { eventId, section = "A", quantity = 2 }, "k-1");
        using var replay = await client.ReserveAsync(new { eventId, section = "A", quantity = 2 }, "k-1");
        using var changed = await client.ReserveAsync(new { eventId, section = "A", quantity = 3 }, "k-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal((await first.JsonAsync()).GetProperty("reservationId").GetString(), (await replay.JsonAsync()).GetProperty("reservationId").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, changed.StatusCode);
        Assert.Equal(ProblemTypes.IdempotencyKeyReused, (await changed.JsonAsync()).GetProperty("type").GetString());
        Assert.Equal(2, (await host.Inventory.GetTicketsAsync(eventId)).Count(t => t.Status == TicketStatus.Held));
    }

    [Theory]
    [InlineData("{}", 400, "/problems/validation")]
    [InlineData("""{"eventId":"e","ticketIds":[]}""", 400, "/problems/validation")]
    [InlineData("""{"eventId":"e","ticketIds":["A-1-1","A-1-1"]}""", 400, "/problems/validation")]
    [InlineData("""{"eventId":"e","ticketIds":["A-1-1"],"section":"A","quantity":1}""", 400, "/problems/validation")]
    [InlineData("""{"eventId":"e","section":"A","quantity":11}""", 400, "/problems/validation")]
    [InlineData("""{"eventId":"e","ticketIds":["1","2","3","4","5","6","7","8","9","10","11"]}""", 400, "/problems/validation")]
    [InlineData("""{"eventId":"e","ticketIds":"A-1-1"}""", 400, "/problems/malformed-json")]
    [InlineData("""{"eventId":"evt-nope","ticketIds":["A-1-1"]}""", 404, "/problems/event-not-found")]
    [InlineData("not json", 400, "/problems/malformed-json")]
    public async Task BadReserveRequestsAnswerAProblem(string json, int status, string type)
    {
        using var client = host.ClientFor("eve");

        using var response = await client.PostAsync("/api/booking/reserve", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(type, (await response.JsonAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task UnknownSeatsAndSectionsAnswerAProblemNaming()
    {
        var eventId = await host.AddEventAsync();
        using var client = host.ClientFor("fay");

        using var unknown = await client.ReserveAsync(new { eventId, ticketIds = new[] { "A-1-1", "Z-9-9" } });
        using var section = await client.ReserveAsync(new { eventId, section = "Z", quantity = 1 });
        using var noToken = await host.CreateClient().ReserveAsync(new { eventId, ticketIds = new[] { "A-1-1" } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal(["Z-9-9"], (await unknown.JsonAsync()).GetProperty("unknownTicketIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, section.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
    }

    [Fact]
    public async Task AnotherUsersReservationIsInvisible()
    {
        var eventId = await host.AddEventAsync();
        using var owner = host.ClientFor("gus");
        using var other = host.ClientFor("hal");
        var id = (await (await owner.ReserveAsync(new { eventId, ticketIds = new[] { "A-2-1" } })).JsonAsync()).GetProperty("reservationId").GetString()!;

        using var get = await other.GetAsync($"/api/booking/{id}");
        using var cancel = await other.DeleteAsync($"/api/booking/{id}");
        using var confirm = await other.ConfirmAsync(id);
        var list = await (await other.GetAsync("/api/bookings")).JsonAsync();

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(ProblemTypes.ReservationNotFound, (await get.JsonAsync()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, confirm.StatusCode);
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
        Assert.Equal(0, host.Payments.ChargeCount(id));
        Assert.Equal("held", (await owner.GetReservationAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ConfirmChargesBooksAndAnswersTheSameWhenRepeated()
    {
        var eventId = await host.AddEventAsync();
        using var client = host.ClientFor("ivy");
        var id = (await (await client.ReserveAsync(new { eventId, section = "A", quantity = 2 })).JsonAsync()).GetProperty("reservationId").GetString()!;

        using var confirmed = await client.ConfirmAsync(id);
        using var again = await client.ConfirmAsync(id);
        var body = await confirmed.JsonAsync();
        await Task.Delay(BookingHost.Hold + TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("confirmed", body.GetProperty("status").GetString());
        Assert.StartsWith("bkg-", body.GetProperty("bookingId").GetString());
        Assert.Equal(80m, body.GetProperty("total").GetDecimal());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(body.GetProperty("bookingId").GetString(), (await again.JsonAsync()).GetProperty("bookingId").GetString());
        Assert.Equal(1, host.Payments.ChargeCount(id));
        Assert.Equal("confirmed", (await client.GetReservationAsync(id)).GetProperty("status").GetString());
        Assert.All((await host.Inventory.GetTicketsAsync(eventId)).Where(t => t.ReservationId == id), t => Assert.Equal(TicketStatus.Booked, t.Status));
    }

    [Fact]
    public async Task ADeclinedCardAnswers402AndAnotherCardThenPays()
    {
        var eventId = await host.AddEventAsync();
        using var client = host.ClientFor("jon");
        var id = (await (await client.ReserveAsync(new { eventId, ticketIds = new[] { "A-1-5" } })).JsonAsync()).GetProperty("reservationId").GetString()!;

        using var declined = await client.ConfirmAsync(id, "pm_card_chargeDeclined");
        using var paid = await client.ConfirmAsync(id, "pm_card_visa");

        Assert.Equal(HttpStatusCode.PaymentRequired, declined.StatusCode);
        var problem = await declined.JsonAsync();
        Assert.Equal(ProblemTypes.PaymentDeclined, problem.GetProperty("type").GetString());
        Assert.Equal("generic_decline", problem.GetProperty("declineCode").GetString());
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.Equal(1, host.Payments.ChargeCount(id));
    }

    [Fact]
    public async Task AnUnconfirmedHoldExpiresOnTimeAndConfirmingItThenChargesNothing()
    {
        var eventId = await host.AddEventAsync();
        using var client = host.ClientFor("kim");
        var id = (await (await client.ReserveAsync(new { eventId, ticketIds = new[] { "A-2-2", "A-2-3" } })).JsonAsync()).GetProperty("reservationId").GetString()!;

        var expired = await client.WaitForStatusAsync(id, "expired");
        using var confirm = await client.ConfirmAsync(id);

        Assert.Equal("The hold lapsed before payment", expired.GetProperty("history")[1].GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.Conflict, confirm.StatusCode);
        Assert.Equal(ProblemTypes.ReservationExpired, (await confirm.JsonAsync()).GetProperty("type").GetString());
        Assert.Equal(0, host.Payments.ChargeCount(id));
        Assert.DoesNotContain(host.Payments.Payments, p => p.ReservationId == id);
        Assert.All((await host.Inventory.GetTicketsAsync(eventId)).Where(t => t.Row == 2 && t.Seat is 2 or 3), t =>
        {
            Assert.Equal(TicketStatus.Available, t.Status);
            Assert.Null(t.ReservationId);
        });
    }

    [Fact]
    public async Task CancelFreesTheSeatsAtOnce()
    {
        var eventId = await host.AddEventAsync();
        using var client = host.ClientFor("lea");
        using var next = host.ClientFor("max");
        var id = (await (await client.ReserveAsync(new { eventId, ticketIds = new[] { "A-1-9" } })).JsonAsync()).GetProperty("reservationId").GetString()!;

        using var cancelled = await client.DeleteAsync($"/api/booking/{id}");
        using var taken = await next.ReserveAsync(new { eventId, ticketIds = new[] { "A-1-9" } });
        using var confirm = await client.ConfirmAsync(id);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await cancelled.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Created, taken.StatusCode);
        Assert.Equal(ProblemTypes.ReservationCancelled, (await confirm.JsonAsync()).GetProperty("type").GetString());
        Assert.Equal(0, host.Payments.ChargeCount(id));
    }

    [Fact]
    public async Task MyBookingsListsNewestFirstInPages()
    {
        var eventId = await host.AddEventAsync();
        using var client = host.ClientFor("ned");
        var ids = new List<string>();
        foreach (var seat in new[] { 1, 2, 3 })
        {
            ids.Add((await (await client.ReserveAsync(new { eventId, ticketIds = new[] { $"A-2-{seat + 5}" } })).JsonAsync()).GetProperty("reservationId").GetString()!);
        }

        var first = await (await client.GetAsync("/api/bookings?pageSize=2")).JsonAsync();
        var second = await (await client.GetAsync($"/api/bookings?pageSize=2&cursor={first.GetProperty("next").GetString()}")).JsonAsync();
        using var bad = await client.GetAsync("/api/bookings?pageSize=1000");
        using var badCursor = await client.GetAsync("/api/bookings?cursor=nonsense");

        var listed = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(i => i.GetProperty("reservationId").GetString()).ToArray();
        Assert.Equal(ids.AsEnumerable().Reverse(), listed);
        Assert.False(second.TryGetProperty("next", out _));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
    }

    [Fact]
    public async Task A3DSecurePaymentConfirmsThroughTheSignedWebhook()
    {
        var eventId = await host.AddEventAsync();
        using var client = host.ClientFor("ola");
        var id = (await (await client.ReserveAsync(new { eventId, ticketIds = new[] { "A-1-7" } })).JsonAsync()).GetProperty("reservationId").GetString()!;

        using var pending = await client.ConfirmAsync(id, "pm_card_authenticationRequired");
        var action = await pending.JsonAsync();
        var notification = host.Payments.CompleteAction(action.GetProperty("paymentId").GetString()!, succeeded: true);
        var payload = StripeTestEvents.PaymentIntentEvent("payment_intent.succeeded", notification.PaymentId, id, amount: 4000);
        using var unsigned = await host.CreateClient().PostAsync("/api/payments/stripe/webhook", new StringContent(payload, Encoding.UTF8, "application/json"));
        var signed = new HttpRequestMessage(HttpMethod.Post, "/api/payments/stripe/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        signed.Headers.Add("Stripe-Signature", StripeTestEvents.SignatureHeader(payload, DateTimeOffset.UtcNow));
        using var delivered = await host.CreateClient().SendAsync(signed);
        var confirmed = await client.WaitForStatusAsync(id, "confirmed");

        Assert.Equal(HttpStatusCode.Accepted, pending.StatusCode);
        Assert.Equal("requires_action", action.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(action.GetProperty("clientSecret").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.StartsWith("bkg-", confirmed.GetProperty("bookingId").GetString());
        Assert.Equal(1, host.Payments.ChargeCount(id));
        Assert.Equal(0, host.Payments.RefundCount(id));
    }
}
