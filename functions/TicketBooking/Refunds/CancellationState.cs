namespace TicketBooking.Refunds;

/// <summary>Where the refunds of a cancelled event stand.</summary>
public enum CancellationState
{
    /// <summary>The bookings are being refunded.</summary>
    Refunding,

    /// <summary>Every booking was visited: each is refunded, or failed (see the failures).</summary>
    Completed,
}
