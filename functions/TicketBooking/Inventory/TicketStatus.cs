namespace TicketBooking.Inventory;

public enum TicketStatus
{
    Available,
    Held,
    Booked,
}
