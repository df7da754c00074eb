namespace TicketBooking.Inventory;

/// <summary>
/// One row of a section as the board sees it now: its free seats in seat order (a copy), and the numbers of the row's
/// first and last seat (free or not), so a reader can tell the row's middle and where a run of free seats ends.
/// </summary>
public sealed record SeatRow(int Row, int FirstSeat, int LastSeat, Ticket[] FreeSeats);
