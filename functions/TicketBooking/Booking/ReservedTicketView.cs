namespace TicketBooking.Booking;

public sealed record ReservedTicketView(string TicketId, string Section, int Row, int Seat, decimal Price);
