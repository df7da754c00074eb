using System.Security.Cryptography;
using System.Text;

namespace TicketBooking.Booking;

public enum ReservationStatus
{
    /// <summary>The seats are held until <see cref="Reservation.ExpiresAt"/>; the customer may pay.</summary>
    Held,

    /// <summary>A payment attempt is under way; the seats are held until the payment grace ends.</summary>
    Confirming,

    /// <summary>Paid and booked (final).</summary>
    Confirmed,

    /// <summary>The hold lapsed before payment (final).</summary>
    Expired,

    /// <summary>The customer gave the seats back (final).</summary>
    Cancelled,
}
