using System.Text.Json;
using TicketBooking.Auth;
using TicketBooking.Http;

namespace TicketBooking.Tickets;

/// <summary>The tickets' HTTP handlers (a booking's tickets and their QR codes, for its owner). Both hosts bind them to <see cref="ApiRoutes"/>.</summary>
public sealed class TicketsApi(BookingTickets tickets, Authenticator authenticator)
{
    /// <summary>
    /// A QR code never changes for a ticket, but it is the owner's: kept in the owner's browser only, for an hour (a
    /// refund is seen by the door, not by the picture).
    /// </summary>
    public const string QrCacheControl = "private, max-age=3600";

    public async Task<IResult> ListAsync(HttpRequest request, string bookingId, CancellationToken cancellationToken)
    {
        var caller = await authenticator.AuthenticateAsync(request, cancellationToken);
        var view = await tickets.ListAsync(caller.UserId, bookingId, cancellationToken);
        return new RawJsonResult(JsonSerializer.SerializeToUtf8Bytes(view, ApiJson.Options), cacheControl: "private, no-store");
    }

    public Task<IResult> QrSvgAsync(HttpRequest request, string bookingId, string ticketId, CancellationToken cancellationToken) =>
        QrAsync(request, bookingId, ticketId, png: false, cancellationToken);

    public Task<IResult> QrPngAsync(HttpRequest request, string bookingId, string ticketId, CancellationToken cancellationToken) =>
        QrAsync(request, bookingId, ticketId, png: true, cancellationToken);

    private async Task<IResult> QrAsync(HttpRequest request, string bookingId, string ticketId, bool png, CancellationToken cancellationToken)
    {
        var caller = await authenticator.AuthenticateAsync(request, cancellationToken);
        var (content, contentType, etag) = await tickets.QrAsync(caller.UserId, bookingId, ticketId, png, cancellationToken);
        return new ImageResult(content, contentType, etag, QrCacheControl);
    }
}
