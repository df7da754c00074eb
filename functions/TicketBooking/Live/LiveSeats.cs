namespace TicketBooking.Live;

/// <summary>
/// The data of a <c>seats</c> event: the seats that changed since the previous version, and the counts of the sections
/// they are in, after them.
/// </summary>
public sealed record LiveSeats(string Version, IReadOnlyList<LiveSeat> Changes, IReadOnlyList<LiveSection> Sections);
