using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TicketBooking.Booking;
using TicketBooking.Inventory;

namespace TicketBooking.Tests.Booking;

/// <summary>Holds of two seconds on the local host, with the expiry step's runs counted.</summary>
public sealed class TwoSecondHoldHost() : ExpiryCountingHost("00:00:02");

/// <summary>
/// <see cref="HoldExpiry"/> on the local host (in-memory stores and Durable engine): holds another instance made are
/// taken from the store when an instance starts, and holds that end otherwise on this instance are never expired.
/// </summary>
public sealed class HoldExpiryTests(TwoSecondHoldHost host) : IClassFixture<TwoSecondHoldHost>
{
    [Fact]
    public async Task AnInstanceThatStartsExpiresTheOpenHoldsOfTheStoreThatNoInstanceKeeps()
    {
        var eventId = await host.AddEventAsync();
        var store = host.Services.GetRequiredService<IReservationStore>();
        var now = DateTimeOffset.UtcNow;
        // A hold another instance made (or this one before a restart): in the store and the inventory, not in this instance's memory.
        var orphan = new Reservation(Reservation.NewId(), "hx-orphan", eventId, [new ReservedTicket("A-2-1", "A", 2, 1, 40m)], 40m, "USD",
            ReservationStatus.Held, now, now.AddMilliseconds(500), ReservationPayment.None, [new ReservationChange(ReservationStatus.Held, now, "held")], "hash");
        Assert.True((await host.Inventory.HoldAsync(eventId, orphan.Id, ["A-2-1"], orphan.ExpiresAt)).Succeeded);
        Assert.NotNull(await store.CreateAsync(orphan));

        var started = new HoldExpiry(host.Services.GetRequiredService<CancelOrExpire>(), store, TimeProvider.System, NullLogger<HoldExpiry>.Instance);
        await started.StartAsync(CancellationToken.None);
        try
        {
            using var client = host.ClientFor("hx-orphan");
            await client.WaitForStatusAsync(orphan.Id, "expired");
        }
        finally
        {
            await started.StopAsync(CancellationToken.None);
        }

        Assert.Equal(ReservationStatus.Expired, (await store.GetAsync(orphan.UserId, orphan.Id))!.Reservation.Status);
        Assert.Equal(TicketStatus.Available, (await host.Inventory.GetTicketsAsync(eventId)).Single(t => t.TicketId == "A-2-1").Status);
    }

    [Fact]
    public async Task AHoldCancelledOrPaidForOnThisInstanceIsNeverExpiredByIt()
    {
        var eventId = await host.AddEventAsync();
        using var canceller = host.ClientFor("hx-cancel");
        using var payer = host.ClientFor("hx-pay");
        using var toCancel = await canceller.ReserveAsync(new { eventId, ticketIds = new[] { "A-1-1" } });
        using var toPay = await payer.ReserveAsync(new { eventId, ticketIds = new[] { "A-1-2" } });
        var cancelled = (await toCancel.JsonAsync()).GetProperty("reservationId").GetString()!;
        var paid = (await toPay.JsonAsync()).GetProperty("reservationId").GetString()!;

        using var cancel = await canceller.DeleteAsync($"/api/booking/{cancelled}");
        using var confirm = await payer.ConfirmAsync(paid);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        // Past both holds' ends, with room for a late step.
        await Task.Delay(BookingHost.Hold + TimeSpan.FromSeconds(2));

        Assert.Equal(0, host.Steps.RunsOf(cancelled));
        Assert.Equal(0, host.Steps.RunsOf(paid));
        Assert.Equal("cancelled", (await canceller.GetReservationAsync(cancelled)).GetProperty("status").GetString());
        Assert.Equal("confirmed", (await payer.GetReservationAsync(paid)).GetProperty("status").GetString());
    }
}
