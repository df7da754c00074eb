namespace TicketBooking.Booking;

public enum BookingStatus
{
    /// <summary>Paid (or free) and valid: its tickets admit at the door.</summary>
    Confirmed,

    /// <summary>Refunded: its seats went back on sale and its tickets no longer admit.</summary>
    Refunded,
}
