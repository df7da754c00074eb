using System.Security.Cryptography;
using System.Text;
using TicketBooking.Http;

namespace TicketBooking.Booking;

/// <summary>
/// <c>POST /api/booking/reserve</c>: either <c>{eventId, ticketIds}</c> (these seats) or <c>{eventId, section, quantity}</c>
/// (the best available adjacent seats in that section).
/// </summary>
public sealed class ReserveRequest
{
    public string? EventId { get; init; }
    public List<string>? TicketIds { get; init; }
    public string? Section { get; init; }
    public int? Quantity { get; init; }

    /// <summary>A request that passed <see cref="Validate"/>: exactly one of the two shapes.</summary>
    public sealed record Valid(string EventId, IReadOnlyList<string>? TicketIds, string? Section, int? Quantity)
    {
        /// <summary>What an Idempotency-Key is bound to: the same key with another body is refused.</summary>
        public string Fingerprint() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{EventId}\n{string.Join(",", TicketIds?.Order(StringComparer.Ordinal) ?? Enumerable.Empty<string>())}\n{Section?.ToUpperInvariant()}\n{Quantity}")))[..32];
    }

    public static Valid Validate(ReserveRequest body)
    {
        var errors = new Dictionary<string, string[]>();
        var eventId = body.EventId?.Trim() ?? "";
        if (eventId.Length is 0 or > 64)
        {
            errors["eventId"] = ["'eventId' is required (the id of the event, such as 'evt-1a2b3c4d5e6f')."];
        }

        var byIds = body.TicketIds is not null;
        var bySection = body.Section is not null || body.Quantity is not null;
        if (byIds == bySection)
        {
            errors["ticketIds"] = ["Send either 'ticketIds' (the seats you chose) or 'section' and 'quantity' (best available), not both."];
        }

        List<string>? ids = null;
        if (byIds && !bySection)
        {
            ids = body.TicketIds!.Select(id => id?.Trim() ?? "").ToList();
            if (ids.Count is 0 or > ReserveSeats.MaxTicketsPerReservation)
            {
                errors["ticketIds"] = [$"'ticketIds' holds 1 to {ReserveSeats.MaxTicketsPerReservation} ticket ids."];
            }
            else if (ids.Any(id => id.Length is 0 or > 48 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            {
                errors["ticketIds"] = ["Each ticket id is like 'A-3-12' (section-row-seat)."];
            }
            else if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
            {
                errors["ticketIds"] = ["'ticketIds' names a ticket twice."];
            }
        }

        string? section = null;
        if (bySection && !byIds)
        {
            section = body.Section?.Trim();
            if (string.IsNullOrEmpty(section) || section.Length > 20)
            {
                errors["section"] = ["'section' is the name of a section of the event, such as 'A'."];
            }

            if (body.Quantity is not (>= 1 and <= ReserveSeats.MaxTicketsPerReservation))
            {
                errors["quantity"] = [$"'quantity' is a number of seats from 1 to {ReserveSeats.MaxTicketsPerReservation}."];
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidRequestException(errors);
        }

        return new Valid(eventId, ids, section, ids is null ? body.Quantity : null);
    }
}
