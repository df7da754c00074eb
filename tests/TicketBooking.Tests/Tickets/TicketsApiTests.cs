using System.Net;
using System.Net.Http.Headers;
using TicketBooking.Booking;
using TicketBooking.Http;
using TicketBooking.Tests.Booking;

namespace TicketBooking.Tests.Tickets;

/// <summary>A booking's tickets and their QR codes, through the local host.</summary>
public sealed class TicketsApiTests(TicketsHost host) : IClassFixture<TicketsHost>
{
    [Fact]
    public async Task TheOwnerSeesOneTicketPerSeatWithASignedCodeAndQrLinks()
    {
        var eventId = await host.AddEventAsync();
        var bookingId = await host.BookAsync("tia", eventId, "A-1-1", "A-2-5");

        var list = await host.TicketsAsync("tia", bookingId);

        Assert.Equal(bookingId, list.GetProperty("bookingId").GetString());
        Assert.Equal(eventId, list.GetProperty("eventId").GetString());
        Assert.Equal("Test", list.GetProperty("eventName").GetString());
        Assert.Equal("confirmed", list.GetProperty("status").GetString());
        var tickets = list.GetProperty("tickets").EnumerateArray().ToArray();
        Assert.Equal(["A-1-1", "A-2-5"], tickets.Select(t => t.GetProperty("ticketId").GetString()));
        Assert.Equal(2, tickets[1].GetProperty("row").GetInt32());
        Assert.Equal(5, tickets[1].GetProperty("seat").GetInt32());
        foreach (var ticket in tickets)
        {
            var ticketId = ticket.GetProperty("ticketId").GetString()!;
            var code = host.Codes.Read(ticket.GetProperty("code").GetString(), eventId);
            Assert.Equal(new TicketBooking.Tickets.TicketCode(eventId, bookingId, ticketId, "tia"), code);
            Assert.Equal($"/api/bookings/{bookingId}/tickets/{ticketId}/qr.svg", ticket.GetProperty("qrSvg").GetString());
            Assert.Equal($"/api/bookings/{bookingId}/tickets/{ticketId}/qr.png", ticket.GetProperty("qrPng").GetString());
        }
    }

    [Fact]
    public async Task OnlyTheOwnerCanListOrFetchTheTickets()
    {
        var eventId = await host.AddEventAsync();
        var bookingId = await host.BookAsync("uma", eventId, "A-1-1");
        using var stranger = host.ClientFor("vic");
        using var anonymous = host.CreateClient();

        using var list = await stranger.GetAsync($"/api/bookings/{bookingId}/tickets");
        using var svg = await stranger.GetAsync($"/api/bookings/{bookingId}/tickets/A-1-1/qr.svg");
        using var png = await stranger.GetAsync($"/api/bookings/{bookingId}/tickets/A-1-1/qr.png");
        using var unsigned = await anonymous.GetAsync($"/api/bookings/{bookingId}/tickets");

        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        Assert.Equal(ProblemTypes.TicketNotFound, (await list.JsonAsync()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.NotFound, svg.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, png.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
    }

    [Theory]
    [InlineData("bkg-000000000000000000000000", "A-1-1")]
    [InlineData("not a booking", "A-1-1")]
    [InlineData("{booking}", "A-1-1")]
    public async Task AnUnknownBookingIs404(string bookingId, string ticketId)
    {
        using var client = host.ClientFor("wes");

        using var list = await client.GetAsync($"/api/bookings/{Uri.EscapeDataString(bookingId)}/tickets");
        using var qr = await client.GetAsync($"/api/bookings/{Uri.EscapeDataString(bookingId)}/tickets/{ticketId}/qr.svg");

        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, qr.StatusCode);
        Assert.Equal("application/problem+json", qr.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task ATicketTheBookingDoesNotHoldIs404()
    {
        var eventId = await host.AddEventAsync();
        var bookingId = await host.BookAsync("xia", eventId, "A-1-1");
        using var client = host.ClientFor("xia");

        using var qr = await client.GetAsync($"/api/bookings/{bookingId}/tickets/A-1-2/qr.png");

        Assert.Equal(HttpStatusCode.NotFound, qr.StatusCode);
    }

    [Fact]
    public async Task ThePngQrCodeDecodesToTheTicketCode()
    {
        var eventId = await host.AddEventAsync();
        var bookingId = await host.BookAsync("yan", eventId, "A-1-3");
        var code = await host.CodeAsync("yan", bookingId, "A-1-3");
        using var client = host.ClientFor("yan");

        using var png = await client.GetAsync($"/api/bookings/{bookingId}/tickets/A-1-3/qr.png");

        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        Assert.Equal(code, QrImages.DecodePng(await png.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task TheSvgQrCodeDecodesToTheTicketCode()
    {
        var eventId = await host.AddEventAsync();
        var bookingId = await host.BookAsync("zoe", eventId, "A-2-2");
        var code = await host.CodeAsync("zoe", bookingId, "A-2-2");
        using var client = host.ClientFor("zoe");

        using var svg = await client.GetAsync($"/api/bookings/{bookingId}/tickets/A-2-2/qr.svg");

        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
        Assert.Equal(code, QrImages.DecodeSvg(await svg.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task AQrCodeIsCachedPrivatelyAndRevalidatesWithItsETag()
    {
        var eventId = await host.AddEventAsync();
        var bookingId = await host.BookAsync("abe", eventId, "A-1-4");
        using var client = host.ClientFor("abe");
        var path = $"/api/bookings/{bookingId}/tickets/A-1-4/qr.svg";

        using var first = await client.GetAsync(path);
        var etag = first.Headers.ETag!;
        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(etag);
        using var revalidated = await client.SendAsync(again);
        using var png = await client.GetAsync(path.Replace(".svg", ".png", StringComparison.Ordinal));

        Assert.True(first.Headers.CacheControl!.Private);
        Assert.Equal(TimeSpan.FromHours(1), first.Headers.CacheControl.MaxAge);
        Assert.Equal("nosniff", first.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.NotEqual(etag, png.Headers.ETag);
    }

    [Fact]
    public async Task ARefundedBookingListsItsTicketsWithoutCodesAndHasNoQrCode()
    {
        var booking = new BookingRecord("bkg-" + Guid.NewGuid().ToString("N")[..24], "bea", "res-x", "evt-gone", [new ReservedTicket("A-1-1", "A", 1, 1, 40m)],
            40m, "USD", "pi_1", DateTimeOffset.UtcNow, BookingStatus.Refunded);
        await host.Bookings.SaveAsync(booking);
        using var client = host.ClientFor("bea");

        var list = await host.TicketsAsync("bea", booking.Id);
        using var qr = await client.GetAsync($"/api/bookings/{booking.Id}/tickets/A-1-1/qr.png");

        Assert.Equal("refunded", list.GetProperty("status").GetString());
        var ticket = Assert.Single(list.GetProperty("tickets").EnumerateArray());
        Assert.False(ticket.TryGetProperty("code", out _));
        Assert.False(list.TryGetProperty("eventName", out _));
        Assert.Equal(HttpStatusCode.Conflict, qr.StatusCode);
        Assert.Equal(ProblemTypes.TicketRevoked, (await qr.JsonAsync()).GetProperty("type").GetString());
    }
}
