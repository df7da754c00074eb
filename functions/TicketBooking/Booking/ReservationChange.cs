using System.Security.Cryptography;
using System.Text;

namespace TicketBooking.Booking;

/// <summary>One state change, kept on the reservation for the customer and for support.</summary>
public sealed record ReservationChange(ReservationStatus Status, DateTimeOffset At, string Reason);
