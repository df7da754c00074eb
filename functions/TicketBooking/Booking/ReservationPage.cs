using System.Security.Cryptography;
using System.Text;

namespace TicketBooking.Booking;

/// <summary>One page of a user's reservations, newest first; <see cref="Next"/> continues after the last one.</summary>
public sealed record ReservationPage(IReadOnlyList<Reservation> Items, string? Next);
