namespace TicketBooking.Booking;

public enum BookingStatus
{
    /// <summary>Paid (or free) and valid: its tickets admit at the door.</summary>
    Confirmed,

    /// <summary>
    /// A refund is under way (the owner asked within the policy, or the event was cancelled): its tickets no longer
    /// admit; the money goes back, then the seats, and the booking becomes <see cref="Refunded"/>.
    /// </summary>
    Refunding,

    /// <summary>Refunded: its seats are no longer booked (back on sale unless the event was cancelled) and its tickets no longer admit.</summary>
    Refunded,
}
