using System.Security.Cryptography;
using System.Text;
using TicketBooking.Booking;
using TicketBooking.Catalog;
using TicketBooking.Http;

namespace TicketBooking.Tickets;

/// <summary>
/// The tickets of a booking, for its owner: one per booked seat, each with its code and QR code. Everything is derived
/// from the stored booking (the codes are signed on the fly), so confirming a booking writes nothing more.
/// </summary>
public sealed class BookingTickets(IBookingStore bookings, EventCatalog catalog, TicketCodes codes)
{
    /// <summary>The owner's tickets of <paramref name="bookingId"/>; 404 for anyone else and for an unknown booking.</summary>
    public async Task<TicketListView> ListAsync(string userId, string bookingId, CancellationToken cancellationToken)
    {
        var booking = await FindAsync(userId, bookingId, cancellationToken);
        EventRecord? record = null;
        try
        {
            record = await catalog.FindAsync(booking.EventId, cancellationToken);
        }
        catch (DomainException e) when (e.Kind == ErrorKind.EventNotFound)
        {
            // The tickets are still the owner's to see, without the event's name.
        }

        var valid = booking.Status == BookingStatus.Confirmed;
        var tickets = booking.Tickets.Select(t =>
        {
            var path = $"/{ApiRoutes.Prefix}/bookings/{booking.Id}/tickets/{t.TicketId}/qr";
            return new TicketView(t.TicketId, t.Section, t.Row, t.Seat, valid ? CodeOf(booking, t) : null,
                valid ? path + ".svg" : null, valid ? path + ".png" : null);
        }).ToArray();
        return new TicketListView(booking.Id, booking.EventId, record?.Name, record?.StartsAt, record?.Venue.Name, booking.Status, tickets);
    }

    /// <summary>The QR code of one of the owner's tickets; 404 for anyone else, 409 once the booking is refunded.</summary>
    public async Task<(byte[] Content, string ContentType, string ETag)> QrAsync(string userId, string bookingId, string ticketId, bool png,
        CancellationToken cancellationToken)
    {
        var booking = await FindAsync(userId, bookingId, cancellationToken);
        var ticket = booking.Tickets.FirstOrDefault(t => t.TicketId == ticketId)
            ?? throw NotFound($"Booking '{booking.Id}' has no ticket '{Truncate(ticketId)}'.");
        if (booking.Status != BookingStatus.Confirmed)
        {
            throw Revoked(booking.Id);
        }

        var code = CodeOf(booking, ticket);
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes((png ? "png|" : "svg|") + code)))[..32] + "\"";
        return png
            ? (TicketQr.Png(code), TicketQr.PngContentType, etag)
            : (Encoding.UTF8.GetBytes(TicketQr.Svg(code)), TicketQr.SvgContentType, etag);
    }

    public string CodeOf(BookingRecord booking, ReservedTicket ticket) =>
        codes.Issue(new TicketCode(booking.EventId, booking.Id, ticket.TicketId, booking.UserId));

    public static DomainException Revoked(string bookingId) =>
        new(ErrorKind.TicketRevoked, "The ticket was revoked.", $"Booking '{bookingId}' was refunded; its tickets no longer admit.");

    private async Task<BookingRecord> FindAsync(string userId, string bookingId, CancellationToken cancellationToken) =>
        (IsPlausibleId(bookingId) ? await bookings.GetAsync(userId, bookingId, cancellationToken) : null)
        ?? throw NotFound($"You have no booking '{Truncate(bookingId)}'.");

    private static DomainException NotFound(string detail) => new(ErrorKind.TicketNotFound, "Ticket not found.", detail);

    /// <summary>Booking ids are short and plain (<c>bkg-</c> and hex); anything else is not looked up.</summary>
    private static bool IsPlausibleId(string id) => id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
