using Microsoft.DurableTask;
using TicketBooking.Payments;

namespace TicketBooking.Booking;

public enum ReservationOutcome
{
    Confirmed,
    Expired,
    Cancelled,

    /// <summary>Paid, but a seat was lost after the hold lapsed: the payment was refunded and the reservation expired.</summary>
    Refunded,
}
