using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TicketBooking.Booking;
using TicketBooking.Tests.Booking;
using TicketBooking.Tickets;

namespace TicketBooking.Tests.Tickets;

/// <summary>The booking host (embedded stores, payment simulator) with a long hold, and the calls the ticket tests make.</summary>
public sealed class TicketsHost() : BookingHost("00:02:00")
{
    public const string Organizer = "organizer";

    public IBookingStore Bookings => Services.GetRequiredService<IBookingStore>();

    public TicketCodes Codes => Services.GetRequiredService<TicketCodes>();

    public HttpClient OrganizerClient() => ClientFor(Organizer, "organizer");

    /// <summary>Reserves and pays for <paramref name="ticketIds"/> as <paramref name="userId"/>: the booking id.</summary>
    public async Task<string> BookAsync(string userId, string eventId, params string[] ticketIds)
    {
        using var client = ClientFor(userId);
        using var reserved = await client.ReserveAsync(new { eventId, ticketIds });
        Assert.Equal(HttpStatusCode.Created, reserved.StatusCode);
        var reservationId = (await reserved.JsonAsync()).GetProperty("reservationId").GetString()!;
        using var confirmed = await client.ConfirmAsync(reservationId);
        var body = await confirmed.JsonAsync();
        Assert.True(confirmed.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal("confirmed", body.GetProperty("status").GetString());
        return body.GetProperty("bookingId").GetString()!;
    }

    /// <summary>The owner's ticket list of a booking.</summary>
    public async Task<JsonElement> TicketsAsync(string userId, string bookingId)
    {
        using var client = ClientFor(userId);
        using var response = await client.GetAsync($"/api/bookings/{bookingId}/tickets");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    public async Task<string> CodeAsync(string userId, string bookingId, string ticketId) =>
        (await TicketsAsync(userId, bookingId)).GetProperty("tickets").EnumerateArray()
            .Single(t => t.GetProperty("ticketId").GetString() == ticketId).GetProperty("code").GetString()!;
}

internal static class CheckInCalls
{
    public static Task<HttpResponseMessage> CheckInAsync(this HttpClient client, string eventId, string? code, string? gate = "north gate") =>
        client.PostAsJsonAsync($"/api/admin/events/{eventId}/check-in", new { code, gate });
}
