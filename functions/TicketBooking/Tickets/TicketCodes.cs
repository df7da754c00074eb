using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace TicketBooking.Tickets;

/// <summary>
/// Ticket codes: <c>T1.base64url(eventId|bookingId|ticketId|userId).base64url(mac)</c>, where mac is the first 16 bytes
/// of HMAC-SHA256 over the payload with the event's key, itself HMAC-SHA256(signing key, "ticket-key|" + eventId). A code
/// is derived from the booking alone (the same booking always gets the same codes, so nothing is stored at confirm
/// time), cannot be guessed or altered without the key, and is checked without any read. A door scanner that must work
/// offline is given one event's key (<see cref="EventKey"/>), never the signing key.
/// </summary>
public sealed class TicketCodes
{
    public const string Prefix = "T1.";

    /// <summary>The longest code read; anything longer is not a ticket code.</summary>
    public const int MaxLength = 600;

    private const int MacBytes = 16;
    private readonly byte[] _key;

    public TicketCodes(IOptions<TicketsOptions> options)
    {
        _key = Convert.FromBase64String(options.Value.EffectiveSigningKey()!);
    }

    /// <summary>The key that signs the codes of one event (and only that event).</summary>
    public byte[] EventKey(string eventId) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("ticket-key|" + eventId));

    public string Issue(TicketCode ticket)
    {
        var payload = Encoding.UTF8.GetBytes($"{ticket.EventId}|{ticket.BookingId}|{ticket.TicketId}|{ticket.UserId}");
        return Prefix + Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(Mac(ticket.EventId, payload));
    }

    /// <summary>
    /// What <paramref name="code"/> says when it was signed here for event <paramref name="eventId"/>; null for anything
    /// else (malformed, altered, forged, or a ticket of another event).
    /// </summary>
    public TicketCode? Read(string? code, string eventId)
    {
        code = code?.Trim();
        if (string.IsNullOrEmpty(code) || code.Length > MaxLength || !code.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var body = code.AsSpan(Prefix.Length);
        var dot = body.IndexOf('.');
        if (dot <= 0 || !Base64Url.IsValid(body[..dot]) || !Base64Url.IsValid(body[(dot + 1)..]))
        {
            return null;
        }

        var payload = Base64Url.DecodeFromChars(body[..dot]);
        var mac = Base64Url.DecodeFromChars(body[(dot + 1)..]);
        if (mac.Length != MacBytes || !CryptographicOperations.FixedTimeEquals(mac, Mac(eventId, payload)))
        {
            return null;
        }

        // The user id goes last, as it may itself contain a bar; event, booking and seat ids never do.
        var parts = Encoding.UTF8.GetString(payload).Split('|', 4);
        return parts.Length == 4 && parts[0] == eventId && parts.All(p => p.Length > 0)
            ? new TicketCode(parts[0], parts[1], parts[2], parts[3])
            : null;
    }

    private byte[] Mac(string eventId, byte[] payload) => HMACSHA256.HashData(EventKey(eventId), payload)[..MacBytes];
}
