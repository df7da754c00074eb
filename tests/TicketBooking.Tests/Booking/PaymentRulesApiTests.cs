using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TicketBooking.Booking;
using TicketBooking.Http;
using TicketBooking.Inventory;
using TicketBooking.Tests.Payments;

namespace TicketBooking.Tests.Booking;

/// <summary>The payment rules through the local host (payment simulator, in-process Durable Task engine, a two-minute hold).</summary>
public sealed class PaymentRulesApiTests(LongHoldBookingHost host) : IClassFixture<LongHoldBookingHost>
{
    [Fact]
    public async Task AFreeTicketIsBookedAtOnceWithoutAPaymentMethod()
    {
        var eventId = await host.AddEventAsync(price: 0m);
        using var client = host.ClientFor("free-fan");
        var id = await ReserveAsync(client, eventId, "A-1-1");

        using var confirmed = await client.PutAsJsonAsync("/api/booking/confirm", new { reservationId = id });
        var body = await confirmed.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("confirmed", body.GetProperty("status").GetString());
        Assert.Equal(0m, body.GetProperty("total").GetDecimal());
        Assert.StartsWith("bkg-", body.GetProperty("bookingId").GetString());
        Assert.DoesNotContain(host.Payments.Payments, p => p.ReservationId == id);
        Assert.Equal(TicketStatus.Booked, (await host.Inventory.GetTicketsAsync(eventId)).Single(t => t.TicketId == "A-1-1").Status);
    }

    [Fact]
    public async Task AfterTheLastAllowedDeclineTheAnswerSaysCancelledAndTheSeatIsFree()
    {
        var eventId = await host.AddEventAsync();
        using var client = host.ClientFor("card-tester");
        var id = await ReserveAsync(client, eventId, "A-1-2");
        var answers = new List<(HttpStatusCode Status, JsonNode Body)>();
        for (var i = 0; i < 5; i++)
        {
            using var declined = await client.ConfirmAsync(id, "pm_card_chargeDeclined");
            answers.Add((declined.StatusCode, JsonNode.Parse(await declined.Content.ReadAsStringAsync())!));
        }

        using var next = await client.ConfirmAsync(id, "pm_card_visa");
        var nextProblem = await next.JsonAsync();

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.PaymentRequired, a.Status));
        Assert.All(answers, a => Assert.Equal(ProblemTypes.PaymentDeclined, (string?)a.Body["type"]));
        Assert.Contains("Your card was declined.", (string?)answers[^1].Body["detail"], StringComparison.Ordinal);
        Assert.Contains("cancelled", (string?)answers[^1].Body["detail"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, next.StatusCode);
        Assert.Equal(ProblemTypes.ReservationCancelled, nextProblem.GetProperty("type").GetString());
        Assert.Equal("cancelled", (await client.GetReservationAsync(id)).GetProperty("status").GetString());
        Assert.Equal(TicketStatus.Available, (await host.Inventory.GetTicketsAsync(eventId)).Single(t => t.TicketId == "A-1-2").Status);
        Assert.Equal(0, host.Payments.ChargeCount(id));
    }

    [Fact]
    public async Task AReservationWhoseAmountCannotBeChargedAnswers422AndStaysHeld()
    {
        var eventId = await host.AddEventAsync();
        using var client = host.ClientFor("old-event-fan");
        var id = await ReserveAsync(client, eventId, "A-1-3");
        var store = host.Services.GetRequiredService<IReservationStore>();
        var stored = await store.GetAsync("old-event-fan", id);
        Assert.NotNull(await store.TryReplaceAsync(stored!.Reservation with { Currency = "U$D" }, stored.ETag));

        using var refused = await client.ConfirmAsync(id);
        var problem = await refused.JsonAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(ProblemTypes.AmountNotChargeable, problem.GetProperty("type").GetString());
        Assert.Equal("held", (await client.GetReservationAsync(id)).GetProperty("status").GetString());
        Assert.DoesNotContain(host.Payments.Payments, p => p.ReservationId == id);
    }

    [Fact]
    public async Task AWebhookPaymentOfTheWrongAmountIsRefundedAndNotBooked()
    {
        var eventId = await host.AddEventAsync();
        using var client = host.ClientFor("mismatch");
        var id = await ReserveAsync(client, eventId, "A-1-4");
        using var pending = await client.ConfirmAsync(id, "pm_card_authenticationRequired");
        var paymentId = (await pending.JsonAsync()).GetProperty("paymentId").GetString()!;
        host.Payments.CompleteAction(paymentId, succeeded: true);

        using var delivered = await DeliverAsync(StripeTestEvents.PaymentIntentEvent("payment_intent.succeeded", paymentId, id, amount: 400));
        var held = await WaitAsync(client, id, r => r.GetProperty("history").EnumerateArray().Any(h => h.GetProperty("reason").GetString()!.Contains("did not match", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.Equal("held", held.GetProperty("status").GetString());
        Assert.False(held.TryGetProperty("bookingId", out _));
        Assert.Equal(1, host.Payments.RefundCount(id));
        Assert.NotEqual(TicketStatus.Booked, (await host.Inventory.GetTicketsAsync(eventId)).Single(t => t.TicketId == "A-1-4").Status);
    }

    [Fact]
    public async Task RefundsAndDisputesReportedByStripeShowOnTheBookingsList()
    {
        var eventId = await host.AddEventAsync();
        using var client = host.ClientFor("refunded-fan");
        var id = await ReserveAsync(client, eventId, "A-2-1");
        using var paid = await client.ConfirmAsync(id);
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        var paymentId = host.Payments.Payments.Single(p => p.ReservationId == id).PaymentId;

        using var refunded = await DeliverAsync(ChargeEvent("charge.refunded", new JsonObject
        {
            ["id"] = "ch_test_1", ["object"] = "charge", ["amount"] = 4000, ["amount_refunded"] = 4000, ["currency"] = "usd",
            ["payment_intent"] = paymentId, ["refunded"] = true, ["metadata"] = new JsonObject(),
        }));
        using var again = await DeliverAsync(ChargeEvent("charge.refunded", new JsonObject
        {
            ["id"] = "ch_test_1", ["object"] = "charge", ["amount"] = 4000, ["amount_refunded"] = 4000, ["currency"] = "usd",
            ["payment_intent"] = paymentId, ["refunded"] = true, ["metadata"] = new JsonObject(),
        }, created: 1_790_000_500));
        using var disputed = await DeliverAsync(ChargeEvent("charge.dispute.created", new JsonObject
        {
            ["id"] = "dp_test_1", ["object"] = "dispute", ["amount"] = 4000, ["currency"] = "usd", ["charge"] = "ch_test_1",
            ["payment_intent"] = paymentId, ["reason"] = "fraudulent", ["status"] = "needs_response", ["metadata"] = new JsonObject(),
        }, created: 1_790_000_900));
        using var list = await client.GetAsync("/api/bookings");
        var item = (await list.JsonAsync()).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("reservationId").GetString() == id);
        var single = await client.GetReservationAsync(id);

        Assert.All([refunded, again, disputed], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal("confirmed", item.GetProperty("status").GetString());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_790_000_000), item.GetProperty("refundedAt").GetDateTimeOffset());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_790_000_900), item.GetProperty("disputedAt").GetDateTimeOffset());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_790_000_900), single.GetProperty("disputedAt").GetDateTimeOffset());
    }

    private static string ChargeEvent(string type, JsonObject dataObject, long created = 1_790_000_000)
    {
        var payload = JsonNode.Parse(StripeTestEvents.Event(type, dataObject))!;
        payload["created"] = created;
        return payload.ToJsonString();
    }

    private async Task<HttpResponseMessage> DeliverAsync(string payload)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/stripe/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", StripeTestEvents.SignatureHeader(payload, DateTimeOffset.UtcNow));
        using var client = host.CreateClient();
        return await client.SendAsync(request);
    }

    private static async Task<string> ReserveAsync(HttpClient client, string eventId, string ticketId)
    {
        using var reserved = await client.ReserveAsync(new { eventId, ticketIds = new[] { ticketId } });
        Assert.Equal(HttpStatusCode.Created, reserved.StatusCode);
        return (await reserved.JsonAsync()).GetProperty("reservationId").GetString()!;
    }

    private static async Task<System.Text.Json.JsonElement> WaitAsync(HttpClient client, string id, Func<System.Text.Json.JsonElement, bool> done)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var r = await client.GetReservationAsync(id);
            if (done(r) || DateTime.UtcNow > until)
            {
                return r;
            }

            await Task.Delay(100);
        }
    }
}
