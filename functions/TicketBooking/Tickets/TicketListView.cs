using TicketBooking.Booking;

namespace TicketBooking.Tickets;

/// <summary>
/// The tickets of one booking. A refunded booking's tickets are listed without codes: they no longer admit.
/// </summary>
public sealed record TicketListView(
    string BookingId,
    string EventId,
    string? EventName,
    DateTimeOffset? StartsAt,
    string? Venue,
    BookingStatus Status,
    IReadOnlyList<TicketView> Tickets);
