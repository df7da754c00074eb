using System.Security.Cryptography;
using System.Text;

namespace TicketBooking.Booking;

/// <summary>One seat of a reservation, with the price it was held at.</summary>
public sealed record ReservedTicket(string TicketId, string Section, int Row, int Seat, decimal Price);
