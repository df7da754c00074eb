using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TicketBooking.Catalog;
using TicketBooking.Http;
using TicketBooking.Tests.Booking;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Payments;

/// <summary>The local host charging through Stripe.net against <see cref="FakeStripeServer"/>: what a customer sees of a decline.</summary>
public sealed class StripeDeclineApiTests : IAsyncLifetime
{
    private FakeStripeServer _stripe = null!;
    private LocalHostFactory _host = null!;

    public async Task InitializeAsync()
    {
        _stripe = await FakeStripeServer.StartAsync();
        _host = _stripe.UseIn(new LocalHostFactory())
            .With("Booking:HoldDuration", "00:02:00")
            .With("Logging:LogLevel:Default", "Warning");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _stripe.DisposeAsync();
    }

    [Fact]
    public async Task AStripeDeclineShowsStripesMessageButNeverTheDeclineCode()
    {
        var eventId = "evt-" + Guid.NewGuid().ToString("N")[..12];
        var now = DateTimeOffset.UtcNow;
        await _host.Services.GetRequiredService<EventCatalog>().AddAsync(new EventRecord(eventId, "Test", ["Band"], "concert", "", new Venue("Hall", "City", ""),
            now.AddDays(30), [new SectionLayout("A", 1, 4, 40m, "USD")], EventStatus.Scheduled, "organizer", now), CancellationToken.None);
        using var client = _host.ClientFor("stripe-fan");
        using var reserved = await client.ReserveAsync(new { eventId, ticketIds = new[] { "A-1-1" } });
        var id = (await reserved.JsonAsync()).GetProperty("reservationId").GetString()!;

        using var declined = await client.ConfirmAsync(id, "pm_card_chargeDeclinedInsufficientFunds");
        var problem = await declined.JsonAsync();

        Assert.Equal(HttpStatusCode.PaymentRequired, declined.StatusCode);
        Assert.Equal(ProblemTypes.PaymentDeclined, problem.GetProperty("type").GetString());
        Assert.StartsWith("Your card has insufficient funds.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(problem.TryGetProperty("declineCode", out _));
        Assert.DoesNotContain("insufficient_funds", problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(4, problem.GetProperty("declinesLeft").GetInt32());
        Assert.Equal("held", (await client.GetReservationAsync(id)).GetProperty("status").GetString());
        Assert.Contains(_stripe.Requests, r => r.Path == "/v1/payment_intents" && r.Form["metadata[reservationId]"] == id);
    }
}
