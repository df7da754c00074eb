namespace TicketBooking.Inventory;

public sealed record BookResult(bool Succeeded, IReadOnlyList<Ticket> Tickets, IReadOnlyList<string> NotHeldTicketIds);
