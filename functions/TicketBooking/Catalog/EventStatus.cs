namespace TicketBooking.Catalog;

/// <summary>
/// An event's lifecycle: <see cref="Creating"/> while its tickets are being written (visible, not on sale),
/// <see cref="Scheduled"/> once every ticket exists (on sale until it starts), <see cref="Cancelled"/>.
/// </summary>
public enum EventStatus
{
    Scheduled,
    Cancelled,
    Creating,
}
