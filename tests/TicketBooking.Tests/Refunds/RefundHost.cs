using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TicketBooking.Booking;
using TicketBooking.Catalog;
using TicketBooking.Tests.Booking;

namespace TicketBooking.Tests.Refunds;

/// <summary>
/// The local host in process (embedded stores, the in-memory Durable Task sidecar, the payment simulator) with a long
/// hold and no wait between refund retries.
/// </summary>
public sealed class RefundHost : BookingHost
{
    public RefundHost()
        : base("00:02:00")
    {
        With("Refunds:RetryDelay", "00:00:00");
    }

    public IBookingStore Bookings => Services.GetRequiredService<IBookingStore>();

    /// <summary>A new event of organizer <c>organizer</c> starting in <paramref name="startsIn"/>, with one section "A" and <paramref name="policy"/>.</summary>
    public async Task<string> AddEventAsync(RefundPolicy policy, TimeSpan? startsIn = null, int rows = 2, int seatsPerRow = 10, decimal price = 40m,
        string name = "Test")
    {
        var id = "evt-" + Guid.NewGuid().ToString("N")[..12];
        var now = DateTimeOffset.UtcNow;
        await Services.GetRequiredService<EventCatalog>().AddAsync(new EventRecord(id, name, ["Band"], "concert", "", new Venue("Hall", "City", ""),
            now + (startsIn ?? TimeSpan.FromDays(30)), [new SectionLayout("A", rows, seatsPerRow, price, "USD")], EventStatus.Scheduled, "organizer", now,
            RefundPolicy: policy), CancellationToken.None);
        return id;
    }

    /// <summary>Reserves and pays for <paramref name="ticketIds"/> as <paramref name="userId"/> (in process, no reservation orchestration): the booking id.</summary>
    public async Task<string> BookAsync(string userId, string eventId, params string[] ticketIds)
    {
        var (reservation, _) = await Services.GetRequiredService<ReserveSeats>().ReserveAsync(userId,
            new ReserveRequest { EventId = eventId, TicketIds = [.. ticketIds] }, null, CancellationToken.None);
        var outcome = await Services.GetRequiredService<ConfirmReservation>().ConfirmAsync(userId, reservation.Id, "pm_card_visa", CancellationToken.None);
        Assert.Equal(ReservationStatus.Confirmed, outcome.Reservation.Status);
        return outcome.Reservation.BookingId!;
    }

    /// <summary>Polls the cancellation's progress until it is completed.</summary>
    public static async Task<JsonElement> WaitForCancellationAsync(HttpClient organizer, string eventId, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        JsonElement last;
        do
        {
            using var response = await organizer.GetAsync($"/api/admin/events/{eventId}/cancellation");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            last = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (last.GetProperty("state").GetString() == "completed")
            {
                return last;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < until);

        Assert.Fail($"The cancellation of {eventId} did not complete: {last}");
        return last;
    }
}
