using System.Security.Cryptography;
using System.Text;

namespace TicketBooking.Booking;

/// <summary>A reservation with the ETag of the stored version it was read from.</summary>
public sealed record StoredReservation(Reservation Reservation, string ETag);
