using TicketBooking.Inventory;

namespace TicketBooking.Catalog;

public sealed record TicketView(string TicketId, int Row, int Seat, decimal Price, string Currency, TicketStatus Status);
