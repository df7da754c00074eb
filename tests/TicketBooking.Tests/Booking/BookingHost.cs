using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TicketBooking.Catalog;
using TicketBooking.Inventory;
using TicketBooking.Payments;
using TicketBooking.Tests.Payments;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Booking;

/// <summary>
/// The local host in process with the embedded stores, the in-memory Durable Task sidecar, the payment simulator and
/// a two-second hold, so orchestration timers really fire within a test.
/// </summary>
public class BookingHost : LocalHostFactory
{
    public static readonly TimeSpan Hold = TimeSpan.FromSeconds(2);

    public BookingHost()
        : this("00:00:02")
    {
    }

    protected BookingHost(string hold)
    {
        With("Booking:HoldDuration", hold);
        With("Booking:PaymentGrace", hold);
        With("Stripe:WebhookSecret", StripeTestEvents.WebhookSecret);
        With("Logging:LogLevel:Default", "Warning");
    }

    public SimulatedPaymentGateway Payments => Services.GetRequiredService<SimulatedPaymentGateway>();

    public ITicketInventory Inventory => Services.GetRequiredService<ITicketInventory>();

    /// <summary>A new event with one section "A" of <paramref name="rows"/> x <paramref name="seatsPerRow"/> seats at <paramref name="price"/> USD.</summary>
    public async Task<string> AddEventAsync(int rows = 2, int seatsPerRow = 10, decimal price = 40m)
    {
        var id = "evt-" + Guid.NewGuid().ToString("N")[..12];
        var now = DateTimeOffset.UtcNow;
        await Services.GetRequiredService<EventCatalog>().AddAsync(new EventRecord(id, "Test", ["Band"], "concert", "", new Venue("Hall", "City", ""),
            now.AddDays(30), [new SectionLayout("A", rows, seatsPerRow, price, "USD")], EventStatus.Scheduled, "organizer", now), CancellationToken.None);
        return id;
    }
}

/// <summary>The same host with a two-minute hold, for tests that must not race the hold's timer on a busy machine.</summary>
public sealed class LongHoldBookingHost() : BookingHost("00:02:00");

internal static class BookingCalls
{
    public static Task<HttpResponseMessage> ReserveAsync(this HttpClient client, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/booking/reserve") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> ConfirmAsync(this HttpClient client, string reservationId, string paymentMethodId = "pm_card_visa") =>
        client.PutAsJsonAsync("/api/booking/confirm", new { reservationId, paymentMethodId });

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static async Task<JsonElement> GetReservationAsync(this HttpClient client, string reservationId)
    {
        using var response = await client.GetAsync($"/api/booking/{reservationId}");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    /// <summary>Polls the reservation until its status is <paramref name="status"/> (the orchestration works on real time).</summary>
    public static async Task<JsonElement> WaitForStatusAsync(this HttpClient client, string reservationId, string status, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        JsonElement last;
        do
        {
            last = await client.GetReservationAsync(reservationId);
            if (last.GetProperty("status").GetString() == status && (status != "expired" || last.GetProperty("history").GetArrayLength() > 1))
            {
                return last;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < until);

        Assert.Fail($"Reservation {reservationId} is {last.GetProperty("status")} after waiting for {status}: {last}");
        return last;
    }
}
