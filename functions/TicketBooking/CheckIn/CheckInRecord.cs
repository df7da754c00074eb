namespace TicketBooking.CheckIn;

/// <summary>
/// The first scan of one seat at the door, stored once per seat and event (a conditional create: a second scan finds
/// it). <see cref="Gate"/> is the gate or device name the scan was sent with.
/// </summary>
public sealed record CheckInRecord(
    string EventId,
    string TicketId,
    string BookingId,
    string UserId,
    string? Gate,
    DateTimeOffset CheckedInAt,
    string CheckedInBy);
