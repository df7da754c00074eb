namespace TicketBooking.Inventory;

/// <summary>
/// Told by an <see cref="EventBoard"/> of every seat whose status it changes: writes it applies and holds that lapse
/// by time. Called under the board's lock, so it must only note the change and return.
/// </summary>
public interface ISeatWatcher
{
    void OnSeatChanged(string ticketId, string section, TicketStatus status);
}
