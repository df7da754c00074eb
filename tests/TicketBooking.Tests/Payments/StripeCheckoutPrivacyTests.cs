using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TicketBooking.Catalog;
using TicketBooking.Tests.Booking;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Payments;

/// <summary>
/// A checkout through the local host with the real Stripe client against <see cref="FakeStripeServer"/>: what reaches
/// Stripe names the reservation, never the customer.
/// </summary>
public sealed class StripeCheckoutPrivacyTests : IAsyncLifetime
{
    private FakeStripeServer _stripe = null!;
    private LocalHostFactory _host = null!;

    public async Task InitializeAsync()
    {
        _stripe = await FakeStripeServer.StartAsync();
        _host = _stripe.UseIn(new LocalHostFactory())
            .With("Logging:LogLevel:Default", "Warning");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _stripe.DisposeAsync();
    }

    [Fact]
    public async Task AChargeAtStripeCarriesTheReservationIdAndNothingOfTheUser()
    {
        const string userId = "user-7c1e5d2a9b";
        var now = DateTimeOffset.UtcNow;
        var eventId = "evt-" + Guid.NewGuid().ToString("N")[..12];
        await _host.Services.GetRequiredService<EventCatalog>().AddAsync(new EventRecord(eventId, "Test", ["Band"], "concert", "",
            new Venue("Hall", "City", ""), now.AddDays(30), [new SectionLayout("A", 1, 4, 12.5m, "EUR")], EventStatus.Scheduled, "organizer", now),
            CancellationToken.None);
        using var client = _host.ClientFor(userId);
        using var reserved = await client.ReserveAsync(new { eventId, ticketIds = new[] { "A-1-1", "A-1-2" } });
        var reservationId = (await reserved.JsonAsync()).GetProperty("reservationId").GetString()!;

        using var confirmed = await client.ConfirmAsync(reservationId);

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var charge = Assert.Single(_stripe.Requests, r => r.Path == "/v1/payment_intents");
        Assert.Equal(("2500", "eur", reservationId), (charge.Form["amount"], charge.Form["currency"], charge.Form["metadata[reservationId]"]));
        Assert.Equal(["metadata[reservationId]"], charge.Form.Keys.Where(k => k.StartsWith("metadata[", StringComparison.Ordinal)));
        var everythingSent = JsonSerializer.Serialize(_stripe.Requests);
        Assert.DoesNotContain(userId, everythingSent, StringComparison.OrdinalIgnoreCase);
    }
}
