namespace TicketBooking.Inventory;

/// <summary>
/// The tickets of one section in seat order, as they stood at <see cref="At"/>: statuses are read with
/// <c>StatusAt(At)</c>, and no hold of the section lapses between <see cref="At"/> and the moment the board
/// replaces this listing. A listing never changes; the board hands out the same instance until the section changes,
/// so whatever is derived from it (rendered JSON) can be cached against the instance.
/// </summary>
public sealed class SectionTickets(string section, Ticket[] tickets, int available, int held, int booked, long stamp, DateTimeOffset at)
{
    public string Section => section;

    public IReadOnlyList<Ticket> Tickets => tickets;

    public int Available => available;

    public int Held => held;

    public int Booked => booked;

    /// <summary>Grows with every change to the section (including holds lapsing).</summary>
    public long Stamp => stamp;

    public DateTimeOffset At => at;
}
