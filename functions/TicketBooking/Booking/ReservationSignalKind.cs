using Microsoft.DurableTask;
using TicketBooking.Payments;

namespace TicketBooking.Booking;

public enum ReservationSignalKind
{
    /// <summary>The confirm call booked the reservation.</summary>
    Confirmed,

    /// <summary>The customer cancelled.</summary>
    Cancelled,

    /// <summary>The provider reported a payment outcome (webhook).</summary>
    Payment,
}
