namespace TicketBooking.Inventory;

/// <summary>Told of every ticket write that succeeded (the availability snapshot listens).</summary>
public interface ITicketChangeObserver
{
    void OnTicketsChanged(string eventId, IReadOnlyList<Ticket> tickets);
}
