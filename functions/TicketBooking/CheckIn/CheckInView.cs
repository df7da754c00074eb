namespace TicketBooking.CheckIn;

/// <summary>An admitted ticket: the seat to send its holder to, and when and where it was scanned in.</summary>
public sealed record CheckInView(
    string EventId,
    string TicketId,
    string Section,
    int Row,
    int Seat,
    string BookingId,
    DateTimeOffset CheckedInAt,
    string? Gate);
